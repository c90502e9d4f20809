import { createHash, randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, open, readdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { BallastError } from "../errors.js";
import { storageWords } from "../messages.js";
import { FILE_CHUNK } from "./io.js";

/**
 * Write-then-rename: bytes go to a temporary file in the destination's own folder (same
 * filesystem, so the rename is atomic), are flushed to disk, and only then take the
 * destination's name. A reader never sees a half-written file under the real name.
 */

/** A temporary name beside `file`: `.name.ballast-tmp-<random>`. */
export function tempPathFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.ballast-tmp-${randomBytes(6).toString("hex")}`);
}

/**
 * Temporary files a killed writer left beside `file` (`.name.ballast-tmp-*`). Only for a
 * caller that holds the lock on `file` (stow's lock, pull's own target): another live
 * writer's temporary would go too.
 */
export async function removeStaleTemps(file: string): Promise<void> {
  const prefix = `.${path.basename(file)}.ballast-tmp-`;
  const names = await readdir(path.dirname(file)).catch(() => [] as string[]);
  await Promise.all(names.filter((n) => n.startsWith(prefix)).map((n) => rm(path.join(path.dirname(file), n), { force: true })));
}

/** Write small content atomically (references, .gitignore), keeping an existing file's mode. */
export async function writeFileAtomic(file: string, content: string | Buffer): Promise<void> {
  const temp = tempPathFor(file);
  const mode = await stat(file).then(
    (s) => s.mode & 0o777,
    () => 0o644,
  );
  try {
    const handle = await open(temp, "wx", mode);
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

export interface StreamResult {
  sha256: string;
  size: number;
}

export interface StreamToFileOptions {
  /** The file to write (created with a temporary name first; see `keepTemp`). */
  file: string;
  /** When given, a mismatch fails the write and nothing is left behind. */
  expected?: { sha256: string; size: number };
  onProgress?: (bytes: number) => void;
  signal?: AbortSignal;
  /** Name shown in an integrity error. */
  label?: string;
}

/**
 * Stream `source` into `file`, hashing on the way (memory stays at a few 64 KiB chunks
 * whatever the size), fsync, verify against `expected`, then rename into place.
 */
export async function streamToFile(source: Readable, options: StreamToFileOptions): Promise<StreamResult> {
  const { temp, result } = await streamToTemp(source, { ...options, folder: path.dirname(options.file), name: path.basename(options.file) });
  try {
    await rename(temp, options.file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return result;
}

/**
 * Stream into a fresh temporary file in `folder`, hashed, flushed and verified; the caller
 * renames it (when the final name depends on the hash, as in the cache) or removes it.
 */
export async function streamToTemp(
  source: Readable,
  options: Omit<StreamToFileOptions, "file"> & { folder: string; name?: string },
): Promise<{ temp: string; result: StreamResult }> {
  await mkdir(options.folder, { recursive: true });
  const temp = tempPathFor(path.join(options.folder, options.name ?? "object"));
  const hash = createHash("sha256");
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      size += chunk.length;
      options.onProgress?.(size);
      // Stop early when a source sends more than it promised.
      if (options.expected && size > options.expected.size) done(sizeError(options, size));
      else done(null, chunk);
    },
  });
  try {
    await pipeline(source, meter, createWriteStream(temp, { flags: "wx", mode: 0o644, highWaterMark: FILE_CHUNK }), options.signal ? { signal: options.signal } : {});
    await fsyncFile(temp);
    const sha256 = hash.digest("hex");
    if (options.expected) {
      if (size !== options.expected.size) throw sizeError(options, size);
      if (sha256 !== options.expected.sha256) {
        throw new BallastError("INTEGRITY", storageWords.hashMismatch(options.label, sha256, options.expected.sha256), { fix: storageWords.hashMismatchFix });
      }
    }
    return { temp, result: { sha256, size } };
  } catch (error) {
    source.destroy();
    await rm(temp, { force: true });
    throw error;
  }
}

function sizeError(options: { expected?: { size: number }; label?: string }, size: number): BallastError {
  return new BallastError("INTEGRITY", storageWords.sizeMismatch(options.label, size, options.expected?.size), { fix: storageWords.sizeMismatchFix });
}

/** Flush a written file to disk before it is renamed into place (a crash must not leave a named, empty file). */
export async function fsyncFile(file: string): Promise<void> {
  const handle = await open(file, "r+");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
