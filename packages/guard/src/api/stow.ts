/**
 * `ballast stow`: redirect files to object storage. This takes the paths a user named; the
 * steps themselves (and their kill points) are in stow/steps.ts, shared with pre-commit.
 */
import { BallastError } from "../errors.js";
import { toRepoPath } from "../git/repo.js";
import { fileWords, stowWords } from "../messages.js";
import { REFERENCE_SUFFIX } from "../ref/format.js";
import { makeReport, type Report } from "../report/types.js";
import type { StowProgress, StowSource } from "../stow/source.js";
import { stowFiles } from "../stow/steps.js";
import { ioError } from "../util/io-error.js";
import { openContext, type BaseOptions } from "./context.js";

export interface StowOptions extends BaseOptions {
  /** Files to stow: absolute, or relative to `cwd`. */
  paths: string[];
  /** Bytes hashed so far, per file (for a progress bar). */
  onProgress?: StowProgress;
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
  const stowed = await stowFiles(ctx.repo, sources, options.onProgress).catch((error: unknown) => {
    throw ioError(error, fileWords.stowing(sources.map((s) => s.path)), stowWords.again(sources.map((s) => s.path)));
  });
  return makeReport("stow", [], { checked: stowed.length, stowed });
}
