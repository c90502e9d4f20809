import { BallastError } from "../errors.js";
import { configNote, messages, rangeMessages } from "../messages.js";
import { toRepoPath } from "../git/repo.js";
import { judgeIndex, type Candidate } from "../engine/judge-index.js";
import { placeFixes } from "../fix/context.js";
import { lfsPathsInIndex, pathCandidates, stagedCandidates } from "../engine/staged.js";
import { makeReport, type Finding, type Report } from "../report/types.js";
import { openContext, type BaseOptions, type Context } from "./context.js";

export type CheckStagedOptions = BaseOptions;

export interface CheckPathsOptions extends BaseOptions {
  /** Paths as lint-staged passes them: absolute, or relative to `cwd`. */
  paths: string[];
}

/**
 * Judge what the next commit would record: the staged snapshot, never the working tree.
 * Returns a report; `summary.blocked` is true when an error finding stops the commit.
 */
export async function checkStaged(options: CheckStagedOptions = {}): Promise<Report> {
  const ctx = await openContext(options);
  const candidates = await stagedCandidates(ctx.repo);
  return judgeCandidates(ctx, candidates, "check");
}

/**
 * Judge the staged version of the given paths (what `lint-staged` hands over). A path that
 * is not in the index is not an error: lint-staged passes deletions and renames too. A
 * staged .gitattributes among them, or deleted (lint-staged passes no deletion), brings in
 * the unchanged files it makes LFS or no longer LFS, as pre-commit does.
 */
export async function checkPaths(options: CheckPathsOptions): Promise<Report> {
  const ctx = await openContext(options);
  const repoPaths = options.paths.map((input) => {
    const p = toRepoPath(ctx.repo, ctx.cwd, input);
    if (!p) {
      throw new BallastError("BAD_ARGUMENTS", rangeMessages.outsideRepo(input, ctx.repo.root), { fix: rangeMessages.outsideRepoFix });
    }
    return p;
  });
  return judgeCandidates(ctx, await pathCandidates(ctx.repo, repoPaths), "check");
}

/** Shared by check and pre-commit: judge index candidates with .gitattributes from the index. */
export async function judgeCandidates(ctx: Context, candidates: Candidate[], command: string): Promise<Report> {
  // The attribute lookup runs beside cat-file, not before it: one git process less on
  // the critical path of every commit.
  const lfsPaths = lfsPathsInIndex(
    ctx.repo,
    candidates.map((c) => c.path),
  );
  const judged = await judgeIndex({ cwd: ctx.repo.root, policy: ctx.policy, candidates, lfsPaths });
  const findings = withRetrackCause(await placeFixes("staged", ctx.repo.root, judged.findings), candidates);
  const notes = ctx.warnings.map(configNote);
  return makeReport(command, findings, { checked: candidates.length, notes });
}

/** A finding about a file only a staged .gitattributes change brought in says which change, and how to take it back. */
function withRetrackCause(findings: Finding[], candidates: Candidate[]): Finding[] {
  const retracked = new Map(candidates.filter((c) => c.retracked).map((c) => [c.path, c.retracked!]));
  if (retracked.size === 0) return findings;
  return findings.map((f) => {
    const cause = retracked.get(f.path);
    const about = cause && (cause.tracked ? f.rule === "lfs-not-pointer" : f.rule === "lfs-pointer-untracked");
    if (!about) return f;
    const { because, undo, undoWords } = messages.retracked(cause.tracked, cause.attributes);
    // With no fix of its own (the real bytes are not in this clone), undoing the change is the one.
    if (!f.fix && undo) return { ...f, message: `${f.message}. ${because}`, fix: undo };
    return { ...f, message: `${f.message}. ${because}; if that was not meant: ${undoWords}` };
  });
}
