import path from "node:path";
import { stagedCandidates } from "../engine/staged.js";
import { fileWords, stowWords } from "../messages.js";
import { makeReport, type Report } from "../report/types.js";
import { ioError } from "../util/io-error.js";
import { judgeCandidates } from "./check.js";
import { openContext, type BaseOptions } from "./context.js";

export interface PreCommitOptions extends BaseOptions {
  /** Where GIT_INDEX_FILE is read (default process.env). */
  env?: NodeJS.ProcessEnv;
}

/**
 * The pre-commit hook: judge the staged snapshot. With `redirect.mode: "auto"`, staged
 * model files are stowed (the staged blob's bytes, which are what the commit records,
 * not the working tree's), their references and .gitignore are staged, and the commit
 * goes on with them: git re-reads the index after the hook.
 *
 * When git commits through a temporary index (`git commit PATH`, `--only`: GIT_INDEX_FILE
 * is `.git/next-index-*.lock`), a change to that index is not carried back into the real
 * one, so nothing is redirected: the redirect findings block with the `ballast stow`
 * command. (`git commit -a` uses `.git/index.lock`, which becomes the index: redirect works.)
 */
export async function preCommit(options: PreCommitOptions = {}): Promise<Report> {
  const ctx = await openContext(options);
  const candidates = await stagedCandidates(ctx.repo);
  const report = await judgeCandidates(ctx, candidates, "pre-commit");
  if (ctx.config.redirect.mode !== "auto") return report;

  // A forbidden file is never sent anywhere, storage included.
  const forbidden = new Set(report.findings.filter((f) => f.rule === "forbidden").map((f) => f.path));
  const redirect = report.findings.filter((f) => f.rule === "redirect" && f.object && !forbidden.has(f.path));
  if (redirect.length === 0) return report;
  if (isTemporaryIndex(options.env ?? process.env)) {
    return { ...report, notes: [...(report.notes ?? []), stowWords.temporaryIndex] };
  }
  // Loaded only now: a commit with nothing to redirect never loads the store, the cache or crypto.
  const { stowFiles } = await import("../stow/steps.js");
  const stowed = await stowFiles(
    ctx.repo,
    redirect.map((f) => ({ path: f.path, from: "index" as const, object: f.object! })),
  ).catch((error: unknown) => {
    throw ioError(error, fileWords.redirecting(redirect.map((f) => f.path)), fileWords.redirectFix);
  });
  const gone = new Set(stowed.map((s) => s.path));
  // The stowed blobs are no longer part of the commit: their size and binary findings go with them.
  const findings = report.findings.filter((f) => !gone.has(f.path));
  return makeReport("pre-commit", findings, { checked: report.summary.checked, stowed, ...(report.notes ? { notes: report.notes } : {}) });
}

/** git's temporary index for `git commit PATH` / `--only`: `.git/next-index-<pid>.lock`. */
export function isTemporaryIndex(env: NodeJS.ProcessEnv): boolean {
  const file = env.GIT_INDEX_FILE;
  return Boolean(file && path.basename(file).startsWith("next-index"));
}
