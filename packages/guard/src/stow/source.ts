/**
 * One file of a stow: whether it may be stowed (checked before anything changes), and its
 * bytes into the local cache, from the working tree or from a staged blob.
 */
import { createReadStream } from "node:fs";
import { lstat, realpath } from "node:fs/promises";
import path from "node:path";
import { addToCache } from "../cache/cache.js";
import { BallastError } from "../errors.js";
import { blobStream } from "../git/index-edit.js";
import type { Repo } from "../git/repo.js";
import { stowWords } from "../messages.js";
import { stowProblem } from "../util/gitignore.js";
import { FILE_CHUNK } from "../util/io.js";
import { killPoint } from "../util/killpoint.js";

/** Where a file's bytes come from: the working tree (by hand) or a staged blob (in the hook). */
export type StowSource = { path: string; from: "worktree" } | { path: string; from: "index"; object: string };

/** Bytes hashed so far, per file (for a progress bar). */
export type StowProgress = (progress: { path: string; bytes: number; total: number }) => void;

/** Refuse a path that cannot be stowed: before anything changes, for every file. */
export async function checkStowable(repo: Repo, s: StowSource): Promise<void> {
  const p = s.path;
  const problem = stowProblem(p);
  if (problem) throw new BallastError("UNSAFE_PATH", stowWords.cannotIgnore(p, problem), { fix: stowWords.rename(p) });
  if (p.split("/").some((seg) => seg.toLowerCase() === ".git")) throw new BallastError("UNSAFE_PATH", stowWords.insideGit(p), { fix: stowWords.usage });
  if (p === ".gitignore" || p.endsWith("/.gitignore")) throw new BallastError("BAD_ARGUMENTS", stowWords.notThis(p), { fix: stowWords.usage });
  if (s.from === "index") return;
  const file = repoFile(repo.root, p);
  const info = await lstat(file).catch(() => undefined);
  if (!info) throw new BallastError("BAD_ARGUMENTS", stowWords.missing(p), { fix: stowWords.missingFix });
  if (info.isSymbolicLink() || !info.isFile()) throw new BallastError("BAD_ARGUMENTS", stowWords.notRegular(p), { fix: stowWords.usage });
  // A path through a symlinked folder would write the reference somewhere else.
  const realDir = await realpath(path.dirname(file));
  if (realDir !== path.join(await realpath(repo.root), ...path.posix.dirname(p).split("/").filter((x) => x !== "."))) {
    throw new BallastError("UNSAFE_PATH", stowWords.throughSymlink(p), { fix: stowWords.usage });
  }
}

/** Hash a working-tree file into the cache; refuse it when it changes meanwhile. */
export async function cacheWorktreeFile(repo: Repo, p: string, onProgress?: StowProgress) {
  const file = repoFile(repo.root, p);
  const before = await lstat(file);
  return addToCache(repo.commonDir, createReadStream(file, { highWaterMark: FILE_CHUNK }), {
    label: p,
    onProgress: (bytes: number) => {
      onProgress?.({ path: p, bytes, total: before.size });
      if (bytes > 0) killPoint("stow:during-cache");
    },
    beforeCommit: async (result) => {
      const after = await lstat(file);
      if (result.size !== before.size || after.size !== before.size || after.mtimeMs !== before.mtimeMs || after.ino !== before.ino) {
        throw new BallastError("IO", stowWords.changed(p), { fix: stowWords.retry(p) });
      }
    },
  });
}

/** Stream a staged blob into the cache: the commit records the staged bytes, not the working tree's. */
export async function cacheBlob(repo: Repo, p: string, object: string, onProgress?: StowProgress) {
  const { body, done } = blobStream(repo.root, object);
  return addToCache(repo.commonDir, body, {
    label: p,
    ...(onProgress ? { onProgress: (bytes: number) => onProgress({ path: p, bytes, total: 0 }) } : {}),
    beforeCommit: () => done,
  });
}

/** A repository path ("a/b.bin") as a file on disk. */
export function repoFile(root: string, repoPath: string): string {
  return path.join(root, ...repoPath.split("/"));
}
