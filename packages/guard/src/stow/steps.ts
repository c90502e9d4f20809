/**
 * The steps of a stow, shared by `ballast stow` and the pre-commit hook's redirect (the
 * bytes go to the local cache; `push` uploads them). Kill points (BALLAST_TEST_KILL_AT), in
 * the order they are reached:
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
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { stagedFile, switchIndexEntries, writeBlob } from "../git/index-edit.js";
import type { Repo } from "../git/repo.js";
import { formatReference, parseReference, referenceFor, REFERENCE_VERSION, type Reference } from "../ref/format.js";
import type { StowedFile } from "../report/types.js";
import { removeStaleTemps, writeFileAtomic } from "../util/atomic.js";
import { gitignoreLine, withGitignoreLine } from "../util/gitignore.js";
import { killPoint } from "../util/killpoint.js";
import { withLock } from "../util/lock.js";
import { cacheBlob, cacheWorktreeFile, checkStowable, repoFile, type StowProgress, type StowSource } from "./source.js";

/** Stow many files at once. Every name is checked before anything changes. */
export async function stowFiles(repo: Repo, sources: StowSource[], onProgress?: StowProgress): Promise<StowedFile[]> {
  const root = repo.root;
  for (const s of sources) await checkStowable(repo, s);

  // 1. Bytes into the cache, hashed and verified.
  const hashed: Array<StowSource & { sha256: string; size: number }> = [];
  for (const s of sources) {
    const { sha256, size } = s.from === "worktree" ? await cacheWorktreeFile(repo, s.path, onProgress) : await cacheBlob(repo, s.path, s.object, onProgress);
    hashed.push({ ...s, sha256, size });
  }
  killPoint("stow:after-cache");

  // 2. References and .gitignore on disk, remembered so a failure can put them back.
  // Under a lock: .gitignore (on disk and staged) is read, changed and written back, and a
  // second stow at the same time would otherwise drop this one's line.
  const undo: Array<() => Promise<void>> = [];
  await withLock(path.join(repo.gitDir, "ballast-stow.lock"), async () => {
  try {
    const references = new Map<string, string>();
    for (const h of hashed) {
      const refPath = referenceFor(h.path);
      const file = repoFile(root, refPath);
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
    const ignoreFile = repoFile(root, ".gitignore");
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
