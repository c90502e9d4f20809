import { createReadStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { BallastError } from "../errors.js";
import { fixes, storageWords } from "../messages.js";
import { streamToTemp } from "../util/atomic.js";
import { objectKey, type Store, type TransferOptions } from "./types.js";
import { FILE_CHUNK } from "../util/io.js";

/**
 * A local folder as object storage (`file://PATH`): the default for demos, tests and a
 * shared network drive. Objects are written to a temporary file in their own folder,
 * verified while copied, flushed, then renamed: a reader never sees half an object, and
 * an object of the right size is never overwritten.
 */
export function fileStore(folder: string, url: string): Store {
  const objectPath = (sha256: string) => path.join(folder, ...objectKey(sha256).split("/"));

  const store: Store = {
    url,
    async stat(sha256) {
      return stat(objectPath(sha256)).then(
        (s) => (s.isFile() ? { size: s.size } : undefined),
        () => undefined,
      );
    },
    async put(sha256, file, options) {
      const existing = options?.replace ? undefined : await store.stat(sha256);
      if (existing && existing.size === options?.size) return { uploaded: false };
      const target = objectPath(sha256);
      const label = options?.label ?? sha256;
      try {
        await mkdir(path.dirname(target), { recursive: true });
        const expected = { sha256, size: options?.size ?? (await stat(file)).size };
        const { temp } = await streamToTemp(createReadStream(file, { highWaterMark: FILE_CHUNK }), { folder: path.dirname(target), name: sha256, expected, label, ...progress(options) });
        try {
          await rename(temp, target);
        } catch (error) {
          await rm(temp, { force: true });
          throw error;
        }
      } catch (error) {
        throw fileStoreError(error, url, label);
      }
      const after = await store.stat(sha256);
      if (after?.size !== options?.size) {
        throw new BallastError("STORE_FAILED", storageWords.readsBackWrong(label, url), { fix: fixes.push });
      }
      return { uploaded: true };
    },
    async get(sha256, options) {
      const file = objectPath(sha256);
      const found = await store.stat(sha256);
      if (!found) {
        // No folder at all is a different mistake from a missing object: a store URL that
        // points nowhere (a Docker build without its --build-arg, a volume not mounted).
        const folderThere = await stat(folder).then((s) => s.isDirectory(), () => false);
        if (!folderThere) throw new BallastError("STORE_UNREACHABLE", storageWords.noFolder(folder, options?.label ?? sha256), { fix: storageWords.noFolderFix });
        throw notInStore(url, options?.label ?? sha256);
      }
      const body = createReadStream(file, { highWaterMark: FILE_CHUNK });
      if (options?.signal) options.signal.addEventListener("abort", () => body.destroy(new Error("aborted")), { once: true });
      return { size: found.size, body };
    },
    async close() {},
  };
  return store;
}

export function notInStore(url: string, label: string): BallastError {
  return new BallastError("STORE_FAILED", storageWords.notInStore(label, url), { fix: fixes.pushFromOrigin });
}

function progress(options?: TransferOptions): { onProgress?: (bytes: number) => void } {
  return options?.onProgress ? { onProgress: options.onProgress } : {};
}

function fileStoreError(error: unknown, url: string, label: string): unknown {
  if (error instanceof BallastError) return error;
  const err = error as NodeJS.ErrnoException;
  if (err.code === "EACCES" || err.code === "EPERM" || err.code === "EROFS") {
    return new BallastError("STORE_FAILED", storageWords.notWritable(url, err.code, label), {
      fix: storageWords.notWritableFix,
      cause: error,
    });
  }
  return new BallastError("STORE_FAILED", storageWords.storingFailed(label, url, err.message), { fix: fixes.push, cause: error });
}
