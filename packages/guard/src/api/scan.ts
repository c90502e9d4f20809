import { BallastError } from "../errors.js";
import { git } from "../git/exec.js";
import { configNote, rangeFixes, rangeMessages } from "../messages.js";
import { judgeRange, type RangeProgress } from "../range/source.js";
import { judgeDetached, refsOf } from "../range/detached.js";
import { UnknownRevision } from "../range/walk.js";
import { OWN_REFS, type RevisionSet } from "../range/revlist.js";
import { makeReport, type Report } from "../report/types.js";
import { openContext, type BaseOptions } from "./context.js";

export type { RangeProgress } from "../range/source.js";

export interface CheckRangeOptions extends BaseOptions {
  /** A revision range as git reads it: `origin/main..HEAD`, `v1.0...main`, or one revision (its whole history). */
  range?: string;
  /** Every ref's history (`--all`). Without `range` or `all`, HEAD's history. */
  all?: boolean;
  onProgress?: RangeProgress;
  /**
   * Every scanned commit is already on a remote (a CI run: it checks out what was pushed,
   * often without the remote-tracking refs that would say so): history fixes rewrite them
   * everywhere (`ballast migrate --everything PATH`), since a plain migrate skips them.
   */
  pushed?: boolean;
}

/**
 * The pre-push judgement over a range or the whole history, for CI: every (path, blob)
 * each commit of the range brings (added then deleted included), with that commit's
 * .gitattributes, each finding naming that commit. `lfs-missing-object` and
 * `unresolved-reference` are pre-push's: a CI checkout has neither the local LFS store
 * nor the ballast cache to ask, so the range source gives them no context and they do
 * not run.
 */
export async function checkRange(options: CheckRangeOptions = {}): Promise<Report> {
  if (options.range !== undefined && options.all) throw new BallastError("BAD_ARGUMENTS", rangeMessages.rangeAndAll, { fix: rangeFixes.range });
  const ctx = await openContext(options, { bare: true });
  const cwd = ctx.repo.root;
  // --all needs no rev-parse before the walk: git log takes --all itself.
  const { set } = options.all ? { set: { include: [], exclude: [], all: true } } : await revisions(cwd, options);
  // The whole history includes what tags of trees and blobs hold, in no commit (range/detached.ts).
  const refs = options.all ? refsOf(cwd) : undefined;
  refs?.catch(() => {});
  const detached = refs?.then((tips) => judgeDetached({ cwd, tips: tips.filter((t) => !t.name.startsWith(OWN_REFS)), policy: ctx.policy }));
  detached?.catch(() => {});
  const { findings, judged } = await judgeRange({ cwd, commonDir: ctx.repo.commonDir, policy: ctx.policy, set, namedFixes: options.configFile !== undefined || options.config !== undefined, allPushed: options.pushed ?? false, ...(options.onProgress ? { onProgress: options.onProgress } : {}) }).catch((error: unknown) => {
    // A full id rev-parse passed unread, that names no commit here.
    if (error instanceof UnknownRevision) throw new BallastError("BAD_ARGUMENTS", rangeMessages.badRange(options.range ?? "HEAD"), { fix: rangeFixes.range, cause: error });
    throw error;
  });
  const outside = await detached;
  if (outside) findings.push(...outside.findings);
  const notes = ctx.warnings.map(configNote);
  const own = (await refs)?.filter((t) => t.name.startsWith(OWN_REFS)).length ?? 0;
  if (own > 0) notes.push(rangeMessages.ownRefsSkipped(own));
  const report = makeReport("scan", findings, { checked: judged + (outside?.judged ?? 0), notes });
  report.summary.range = options.all ? "--all" : (options.range ?? "HEAD");
  return report;
}

/**
 * Turn `--all` or a range into tips and exclusions with one `git rev-parse --revs-only`:
 *   "<sha>\n^<sha>\n" (a positive tip, an excluded one).
 */
export async function revisions(cwd: string, options: { range?: string; all?: boolean }): Promise<{ set: RevisionSet; tips: string[] }> {
  const range = options.range ?? "HEAD";
  if (!options.all && (range.startsWith("-") || range.trim() === "")) {
    throw new BallastError("BAD_ARGUMENTS", rangeMessages.badRange(range), { fix: rangeFixes.range });
  }
  const args = options.all ? ["rev-parse", "--revs-only", "--all"] : ["rev-parse", "--revs-only", range, "--"];
  const result = await git(args, { cwd }).catch((error: unknown) => {
    if (error instanceof BallastError && error.code === "GIT_FAILED") {
      throw new BallastError("BAD_ARGUMENTS", rangeMessages.badRange(range), { fix: rangeFixes.range, cause: error });
    }
    throw error;
  });
  const lines = result.stdout.toString("utf8").split("\n").filter(Boolean);
  const include = [...new Set(lines.filter((l) => !l.startsWith("^")))];
  const exclude = lines.filter((l) => l.startsWith("^")).map((l) => l.slice(1));
  if (!options.all && include.length === 0) throw new BallastError("BAD_ARGUMENTS", rangeMessages.badRange(range), { fix: rangeFixes.range });
  return { set: { include, exclude }, tips: include };
}
