import type { Readable } from "node:stream";

/**
 * Object storage, content-addressed by sha256: `<prefix>/sha256/ab/cd/<sha256>`.
 * Objects are immutable: an object that exists (with the right size) is never overwritten.
 * Drivers: `file://PATH` (local folder, the embedded default) and `s3://bucket/prefix`.
 * The S3 driver (and the AWS SDK) is imported only when an s3:// store is used.
 */
export interface Store {
  /** The store's URL as shown to people (never with credentials). */
  readonly url: string;
  /** The object's size in storage, or undefined when it is not there. */
  stat(sha256: string): Promise<{ size: number } | undefined>;
  /**
   * Upload a file from disk. Skips the upload when an object of the same size is already
   * there; verifies the stored size afterwards (and redoes a wrong one).
   */
  /** `replace`: upload even over an object of the right size (a damaged stored copy). */
  put(sha256: string, file: string, options?: TransferOptions & { size: number; replace?: boolean }): Promise<{ uploaded: boolean }>;
  /** A stream of the object's bytes; the caller verifies size and hash while writing. */
  get(sha256: string, options?: TransferOptions): Promise<{ size: number; body: Readable }>;
  /** Release sockets and handles. */
  close(): Promise<void>;
}

export interface TransferOptions {
  /** Called with bytes transferred so far. */
  onProgress?: (bytes: number) => void;
  signal?: AbortSignal;
  /** The file's repository path, named in errors ("models/x.tar.gz is not in the store …"). */
  label?: string;
}

/** The key of an object under a store's prefix. */
export function objectKey(sha256: string): string {
  return `sha256/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
}

export const SHA256_RE = /^[0-9a-f]{64}$/;
