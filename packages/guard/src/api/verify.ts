import { existsSync } from "node:fs";
import path from "node:path";
import { detectPointers, detectReferenceProblems } from "../checkout/inspect.js";
import { walkFiles, type CheckoutFile } from "../checkout/walk.js";
import { decide } from "../engine/decide.js";
import { compilePolicy } from "../engine/policy.js";
import { BallastError } from "../errors.js";
import { refuseBareFolder } from "../git/bare.js";
import { gitOnPath } from "../git/exec.js";
import { insideGit, placeFixes } from "../fix/context.js";
import { configNote, gitWords, rangeMessages } from "../messages.js";
import { REFERENCE_SUFFIX } from "../ref/format.js";
import { isReferencePath } from "../ref/resolve.js";
import { makeReport, type Report } from "../report/types.js";
import { resolveConfig, type BaseOptions } from "./context.js";

export interface VerifyCheckoutOptions extends BaseOptions {
  /** Files or folders to check, relative to `cwd` (default: the whole folder). */
  paths?: string[];
}

/**
 * Check a checkout before a build or a deploy, with or without .git (a Docker build
 * context): no file is an unsmudged Git LFS pointer (`lfs-missing-object`, fixed by
 * `git lfs pull`), and every `.ballast` reference's file is present with the right size
 * and sha256 (`unresolved-reference`, fixed by `ballast pull`). Paths are relative to `cwd`;
 * .git and node_modules are not entered. Runs no git at all.
 */
export async function verifyCheckout(options: VerifyCheckoutOptions = {}): Promise<Report> {
  const root = path.resolve(options.cwd ?? process.cwd());
  if (!existsSync(root)) throw new BallastError("BAD_ARGUMENTS", rangeMessages.pathNotFound(root), { fix: gitWords.noFolderFix });
  // A bare repository's folder holds git's files, not a checkout's: nothing to verify there.
  await refuseBareFolder(root);
  const { config, warnings } = await resolveConfig(options, root);
  const starts = (options.paths?.length ? options.paths : [""]).map((p) => toRelative(root, p));

  const files = new Map<string, CheckoutFile>();
  const references = new Map<string, CheckoutFile>();
  for (const start of starts) {
    const found = await walkFiles(root, start);
    // A stowed file named on the command line stands for its reference, present or not.
    const reference = start && !isReferencePath(start) ? `${start}${REFERENCE_SUFFIX}` : undefined;
    if (reference) for (const f of await walkFiles(root, reference)) references.set(f.path, f);
    // An empty folder (the whole checkout after a fresh `git init`) is nothing to verify;
    // only a path that is not there at all is a mistake.
    const absent = found.length === 0 && !(start === "" || existsSync(path.join(root, ...start.split("/"))));
    if (absent && !(reference && references.has(reference))) {
      throw new BallastError("BAD_ARGUMENTS", rangeMessages.pathNotFound(start), { fix: rangeMessages.insideCheckoutFix });
    }
    for (const f of found) (isReferencePath(f.path) ? references : files).set(f.path, f);
  }

  // A .git without git on PATH (a build context copied with its .git) is a folder no git
  // command can fix: the same words as no .git at all.
  const context = insideGit(root) && gitOnPath() ? "checkout" : "no-git";
  const detections = [
    ...(await detectPointers(root, [...files.values()])),
    ...(await detectReferenceProblems(root, [...references.values()], context)),
  ];
  const findings = await placeFixes(context, root, decide(detections, compilePolicy(config)));
  const notes = warnings.map(configNote);
  if (files.size + references.size === 0) notes.push(rangeMessages.nothingToVerify(root));
  const report = makeReport("verify", findings, { checked: files.size + references.size, notes });
  report.summary.references = references.size;
  return report;
}

function toRelative(root: string, input: string): string {
  if (!input) return "";
  const relative = path.relative(root, path.resolve(root, input));
  if (relative.startsWith("..") || path.isAbsolute(relative)) {
    throw new BallastError("BAD_ARGUMENTS", rangeMessages.outsideCheckout(input, root), { fix: rangeMessages.outsideCheckoutFix });
  }
  return relative.split(path.sep).join("/");
}
