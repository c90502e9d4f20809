/**
 * `ballast stow`: redirect files to object storage (the bytes go to the local cache; `push`
 * uploads them). Kill points (BALLAST_TEST_KILL_AT), in the order they are reached:
 *
 *   stow:during-cache     some of a file's bytes in a temporary file in the cache
 *   stow:after-cache      every file's bytes hashed and in the cache; nothing else changed
 *   stow:after-reference  PATH.ballast files written on disk
 *   stow:after-gitignore  .gitignore updated on disk
 *   stow:after-index      the index switched in one write (files out, references and
 *                         .gitignore in): the stow is complete
 *
 * The index is the point of no return and it changes in one atomic write (git's own
 * index.lock), after the bytes are verified in the cache. Killed before it, the index and
 * HEAD are as they were (a reference and a .gitignore line may wait on disk); killed after,
 * the stow is complete. Running the command again finishes the job either way: the file
 * itself is never deleted, only untracked and ignored.
 */
import { createReadStream } from "node:fs";
import { lstat, readFile, realpath, rm } from "node:fs/promises";
import path from "node:path";
import { addToCache } from "../cache/cache.js";
import { BallastError } from "../errors.js";
import { blobStream, stagedFile, switchIndexEntries, writeBlob } from "../git/index-edit.js";
import { toRepoPath } from "../git/repo.js";
import { stowWords } from "../messages.js";
import { formatReference, parseReference, referenceFor, REFERENCE_SUFFIX, REFERENCE_VERSION, type Reference } from "../ref/format.js";
import { makeReport, type Report, type StowedFile } from "../report/types.js";
import { removeStaleTemps, writeFileAtomic } from "../util/atomic.js";
import { gitignoreLine, gitignoreProblem, withGitignoreLine } from "../util/gitignore.js";
import { ioError } from "../util/io-error.js";
import { killPoint } from "../util/killpoint.js";
import { withLock } from "../util/lock.js";
import { openContext, type BaseOptions, type Context } from "./context.js";
import { FILE_CHUNK } from "../util/io.js";

export interface StowOptions extends BaseOptions {
  /** Files to stow: absolute, or relative to `cwd`. */
  paths: string[];
  /** Bytes hashed so far, per file (for a progress bar). */
  onProgress?: (progress: { path: string; bytes: number; total: number }) => void;
}

/**
 * Stow files from the working tree: hash them into the local cache, write `PATH.ballast`,
 * add PATH to .gitignore, and swap the file for its reference in the index. Nothing
 * leaves the index until its bytes are verified in the cache.
 */
export async function stow(options: StowOptions): Promise<Report> {
  if (options.paths.length === 0) {
    throw new BallastError("BAD_ARGUMENTS", stowWords.noPaths, { fix: stowWords.usage });
  }
  const ctx = await openContext(options);
  const sources: StowSource[] = [];
  for (const input of options.paths) {
    const repoPath = toRepoPath(ctx.repo, ctx.cwd, input);
    if (!repoPath) throw new BallastError("BAD_ARGUMENTS", stowWords.outside(input, ctx.repo.root), { fix: stowWords.usage });
    // `ballast stow models/x.tar.gz.ballast` means the file it stands for.
    const target = repoPath.endsWith(REFERENCE_SUFFIX) ? repoPath.slice(0, -REFERENCE_SUFFIX.length) : repoPath;
    if (!sources.some((s) => s.path === target)) sources.push({ path: target, from: "worktree" });
  }
  const stowed = await stowFiles(ctx, sources, options.onProgress).catch((error: unknown) => {
    throw ioError(error, `stowing ${sources.map((s) => s.path).join(", ")}`, stowWords.usage);
  });
  return makeReport("stow", [], { checked: stowed.length, stowed });
}

/** Where a file's bytes come from: the working tree (by hand) or a staged blob (in the hook). */
export type StowSource = { path: string; from: "worktree" } | { path: string; from: "index"; object: string };

/**
 * The steps of a stow, for many files at once, shared by `stow` and the pre-commit hook.
 * Every name is checked before anything changes.
 */
export async function stowFiles(ctx: Context, sources: StowSource[], onProgress?: StowOptions["onProgress"]): Promise<StowedFile[]> {
  const root = ctx.repo.root;
  for (const s of sources) await checkStowable(ctx, s);

  // 1. Bytes into the cache, hashed and verified.
  const hashed: Array<StowSource & { sha256: string; size: number }> = [];
  for (const s of sources) {
    const { sha256, size } = s.from === "worktree" ? await cacheWorktreeFile(ctx, s.path, onProgress) : await cacheBlob(ctx, s.path, s.object, onProgress);
    hashed.push({ ...s, sha256, size });
  }
  killPoint("stow:after-cache");

  // 2. References and .gitignore on disk, remembered so a failure can put them back.
  // Under a lock: .gitignore (on disk and staged) is read, changed and written back, and a
  // second stow at the same time would otherwise drop this one's line.
  const undo: Array<() => Promise<void>> = [];
  await withLock(path.join(ctx.repo.gitDir, "ballast-stow.lock"), async () => {
  try {
    const references = new Map<string, string>();
    for (const h of hashed) {
      const refPath = referenceFor(h.path);
      const file = abs(root, refPath);
      // A stow killed mid-write left a temporary beside it: this one finishes the job.
      await removeStaleTemps(file);
      const before = await readFile(file).catch(() => undefined);
      const reference: Reference = { ballast: REFERENCE_VERSION, path: path.posix.basename(h.path), sha256: h.sha256, size: h.size };
      const old = before ? parseReference(before) : undefined;
      if (old?.ok && old.reference.extra) reference.extra = old.reference.extra;
      const text = formatReference(reference);
      references.set(refPath, text);
      if (before?.toString("utf8") !== text) {
        await writeFileAtomic(file, text);
        undo.push(() => (before === undefined ? rm(file, { force: true }) : writeFileAtomic(file, before)));
      }
    }
    killPoint("stow:after-reference");

    const lines = hashed.map((h) => gitignoreLine(h.path));
    const ignoreFile = abs(root, ".gitignore");
    await removeStaleTemps(ignoreFile);
    const diskBefore = await readFile(ignoreFile, "utf8").catch(() => undefined);
    const diskAfter = lines.reduce(withGitignoreLine, diskBefore ?? "");
    if (diskAfter !== diskBefore) {
      await writeFileAtomic(ignoreFile, diskAfter);
      undo.push(() => (diskBefore === undefined ? rm(ignoreFile, { force: true }) : writeFileAtomic(ignoreFile, diskBefore)));
    }
    killPoint("stow:after-gitignore");

    // 3. The index, in one write: the files out, their references and .gitignore in.
    // Only our lines are staged, not unrelated edits to .gitignore on disk.
    const staged = await stagedFile(root, ".gitignore");
    const indexIgnore = lines.reduce(withGitignoreLine, staged?.content ?? "");
    const [ignoreBlob, ...refBlobs] = await Promise.all([
      writeBlob(root, ".gitignore", indexIgnore),
      ...[...references].map(([refPath, text]) => writeBlob(root, refPath, text)),
    ]);
    await switchIndexEntries(root, [
      ...hashed.map((h) => ({ path: h.path, remove: true as const })),
      ...[...references.keys()].map((refPath, i) => ({ path: refPath, mode: "100644", object: refBlobs[i]! })),
      { path: ".gitignore", mode: staged?.mode ?? "100644", object: ignoreBlob! },
    ], ignoreBlob!.length);
  } catch (error) {
    for (const step of undo.reverse()) await step().catch(() => {});
    throw error;
  }
  });
  killPoint("stow:after-index");
  return hashed.map((h) => ({ path: h.path, reference: referenceFor(h.path), sha256: h.sha256, size: h.size }));
}

async function checkStowable(ctx: Context, s: StowSource): Promise<void> {
  const p = s.path;
  const problem = gitignoreProblem(p);
  if (problem) throw new BallastError("UNSAFE_PATH", stowWords.cannotIgnore(p, problem), { fix: stowWords.rename(p) });
  if (p.split("/").some((seg) => seg.toLowerCase() === ".git")) throw new BallastError("UNSAFE_PATH", stowWords.insideGit(p), { fix: stowWords.usage });
  if (p === ".gitignore" || p.endsWith("/.gitignore")) throw new BallastError("BAD_ARGUMENTS", stowWords.notThis(p), { fix: stowWords.usage });
  if (s.from === "index") return;
  const file = abs(ctx.repo.root, p);
  const info = await lstat(file).catch(() => undefined);
  if (!info) throw new BallastError("BAD_ARGUMENTS", stowWords.missing(p), { fix: stowWords.usage });
  if (info.isSymbolicLink() || !info.isFile()) throw new BallastError("BAD_ARGUMENTS", stowWords.notRegular(p), { fix: stowWords.usage });
  // A path through a symlinked folder would write the reference somewhere else.
  const realDir = await realpath(path.dirname(file));
  if (realDir !== path.join(await realpath(ctx.repo.root), ...path.posix.dirname(p).split("/").filter((x) => x !== "."))) {
    throw new BallastError("UNSAFE_PATH", stowWords.throughSymlink(p), { fix: stowWords.usage });
  }
}

/** Hash a working-tree file into the cache; refuse it when it changes meanwhile. */
async function cacheWorktreeFile(ctx: Context, p: string, onProgress?: StowOptions["onProgress"]) {
  const file = abs(ctx.repo.root, p);
  const before = await lstat(file);
  return addToCache(ctx.repo.commonDir, createReadStream(file, { highWaterMark: FILE_CHUNK }), {
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
async function cacheBlob(ctx: Context, p: string, object: string, onProgress?: StowOptions["onProgress"]) {
  const { body, done } = blobStream(ctx.repo.root, object);
  return addToCache(ctx.repo.commonDir, body, {
    label: p,
    ...(onProgress ? { onProgress: (bytes: number) => onProgress({ path: p, bytes, total: 0 }) } : {}),
    beforeCommit: () => done,
  });
}

function abs(root: string, repoPath: string): string {
  return path.join(root, ...repoPath.split("/"));
}


