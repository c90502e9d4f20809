import { createReadStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { streamToTemp, type StreamResult } from "../util/atomic.js";
import { cachePath, cacheTempDir } from "./paths.js";
import { ownedTempName, removeLeftoverTemps } from "./temps.js";
import { FILE_CHUNK } from "../util/io.js";

/**
 * The local object cache: `<git-common-dir>/ballast/objects/sha256/ab/cd/<sha256>`.
 * Objects enter it only through a hashed, fsynced temporary file renamed into place, so an
 * object under its name always has been verified when it was written.
 */

/** Whether the cache holds the object with the expected size. */
export async function isCached(commonDir: string, sha256: string, size: number): Promise<boolean> {
  return stat(cachePath(commonDir, sha256)).then(
    (s) => s.isFile() && s.size === size,
    () => false,
  );
}

export interface AddToCacheOptions {
  /** Verify the bytes against a known sha256 and size (a download); otherwise just hash them. */
  expected?: { sha256: string; size: number };
  onProgress?: (bytes: number) => void;
  label?: string;
  /**
   * Called after the bytes are hashed and flushed, before they take their name in the cache:
   * throw here to refuse them (stow uses it to refuse a file that changed while hashed).
   */
  beforeCommit?: (result: StreamResult) => Promise<void> | void;
}

/**
 * Stream bytes into the cache. An object already cached with the same size is kept as it
 * is (objects are immutable) and the new copy dropped. Returns the hash, size and path.
 */
export async function addToCache(commonDir: string, source: Readable, options: AddToCacheOptions = {}): Promise<StreamResult & { file: string }> {
  await removeLeftoverTemps(commonDir);
  const { temp, result } = await streamToTemp(source, { folder: cacheTempDir(commonDir), name: ownedTempName(), ...options });
  const file = cachePath(commonDir, result.sha256);
  try {
    await options.beforeCommit?.(result);
    if (await isCached(commonDir, result.sha256, result.size)) {
      await rm(temp, { force: true });
    } else {
      await mkdir(path.dirname(file), { recursive: true });
      await rename(temp, file);
    }
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return { ...result, file };
}

/** A read stream of a cached object (the caller verifies it while copying). */
export function readCached(commonDir: string, sha256: string): Readable {
  return createReadStream(cachePath(commonDir, sha256), { highWaterMark: FILE_CHUNK });
}
