import { stagedCandidates } from "../engine/staged.js";
import type { Report } from "../report/types.js";
import { judgeCandidates } from "./check.js";
import { openContext, type BaseOptions } from "./context.js";

export type PreCommitOptions = BaseOptions;

/**
 * The pre-commit hook: judge the staged snapshot. (With `redirect.mode: "auto"`, model
 * files are stowed here and the commit goes on with their references.)
 */
export async function preCommit(options: PreCommitOptions = {}): Promise<Report> {
  const ctx = await openContext(options);
  const candidates = await stagedCandidates(ctx.repo);
  return judgeCandidates(ctx, candidates, "pre-commit");
}
