import type { StoreOptions } from "@ballast/config";
import { fileStore } from "./file.js";
import type { RetryOptions } from "./retry.js";
import type { Store } from "./types.js";
import { parseStoreUrl } from "./url.js";

export interface CreateStoreOptions {
  /** The folder a relative `file://` path resolves against (the config file's folder). */
  root: string;
  /** Retry tuning for S3 (tests shorten the backoff). */
  retry?: RetryOptions;
  /** S3 multipart part size in bytes (at least 5 MiB; default 8 MiB). */
  partSize?: number;
}

/**
 * Open a store from a URL or the config's store options. `file://PATH` is a local folder;
 * `s3://bucket/prefix` is S3-compatible storage, whose driver (and the AWS SDK) is loaded
 * only here, on first use. Throws CONFIG_INVALID for a bad URL or one with credentials.
 */
export async function createStore(store: string | StoreOptions, options: CreateStoreOptions): Promise<Store> {
  const location = parseStoreUrl(store, options.root);
  if (location.kind === "file") return fileStore(location.folder, location.url);
  const { s3Store } = await import("./s3.js");
  return s3Store(location, { ...(options.retry ? { retry: options.retry } : {}), ...(options.partSize ? { partSize: options.partSize } : {}) });
}
