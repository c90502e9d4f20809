import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Readable } from "node:stream";
import { addToCache } from "../cache/cache.js";
import { BallastError } from "../errors.js";
import { blobStream } from "../git/blob-out.js";
import { gitWords, migrateWords } from "../messages.js";
import { lfsObjectPath } from "../lfs/objects.js";
import { FILE_CHUNK } from "../util/io.js";
import type { Cached, Target } from "./types.js";

export interface CacheTargetsOptions {
  cwd: string;
  commonDir: string;
  targets: Target[];
  /** The command that ran, for the fix of a missing LFS object (fetch, then run it again). */
  rerun: string;
  onProgress?: (progress: { path: string; bytes: number; total: number }) => void;
}

/**
 * Every target's bytes into the local cache, verified, before any object or ref is
 * written (as stow does): a git blob streamed from `git cat-file blob` and hashed on the
 * way (its size checked against git's); an LFS pointer's object streamed from the local
 * LFS store and checked against the oid and size the pointer names. Every LFS object is
 * looked for first: one missing stops the run (exit 2) before anything is written.
 * Returns blob id → sha256 and size. Each blob is read once, whatever its paths.
 */
export async function cacheTargets(o: CacheTargetsOptions): Promise<Map<string, Cached>> {
  const unique = [...new Map(o.targets.map((t) => [t.object, t])).values()];
  for (const t of unique) {
    if (!t.lfs || t.lfs.size === 0) continue;
    const present = await stat(lfsObjectPath(o.commonDir, t.lfs.oid)).then((s) => s.isFile(), () => false);
    if (!present) throw new BallastError("REPO_STATE", migrateWords.lfsObjectMissing(t.path, t.lfs.oid), { fix: migrateWords.lfsFetch(o.rerun) });
  }
  const cached = new Map<string, Cached>();
  for (const t of unique) {
    const progress = o.onProgress ? { onProgress: (bytes: number) => o.onProgress!({ path: t.path, bytes, total: t.size }) } : {};
    if (t.lfs) {
      const source = t.lfs.size === 0 ? Readable.from([]) : createReadStream(lfsObjectPath(o.commonDir, t.lfs.oid), { highWaterMark: FILE_CHUNK });
      await addToCache(o.commonDir, source, { label: t.path, expected: { sha256: t.lfs.oid, size: t.lfs.size }, ...progress });
      cached.set(t.object, { sha256: t.lfs.oid, size: t.lfs.size });
      continue;
    }
    const blob = blobStream(o.cwd, t.object);
    const result = await addToCache(o.commonDir, blob.stream, {
      label: t.path,
      ...progress,
      beforeCommit: async (r) => {
        await blob.finished();
        if (r.size !== t.size) throw new BallastError("INTEGRITY", migrateWords.shortBlob(t.path, r.size, t.size), { fix: gitWords.fsck });
      },
    });
    cached.set(t.object, { sha256: result.sha256, size: result.size });
  }
  return cached;
}
