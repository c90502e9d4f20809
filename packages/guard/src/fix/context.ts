import { existsSync } from "node:fs";
import path from "node:path";
import { historyFixes, pointerWords } from "../messages.js";
import type { Finding } from "../report/types.js";

/**
 * Where a finding was made decides what fixes it. A staged blob is fixed by changing the
 * next commit (the rules' own fixes). A blob already in a commit (pre-push, scan) is not:
 * `stow` or `git rm --cached` change only the commit after it, and the push is refused
 * again for the same blob, forever. There the history must be rewritten. A checkout
 * (verify) is fixed in its working tree, and in a folder without .git (a Docker build
 * context) no git or git-lfs command can run at all.
 */
export type FixContext = "staged" | "history" | "checkout" | "no-git";

/** Give each finding the fix for its context; findings are changed in place and returned. */
export async function placeFixes(context: FixContext, cwd: string, findings: Finding[]): Promise<Finding[]> {
  if (context === "history") for (const f of findings) inHistory(f);
  if (context === "no-git") for (const f of findings) withoutGit(f);
  const inGit = context === "staged" || context === "history";
  if (inGit && findings.some((f) => f.rule === "lfs-pointer-untracked" && f.object)) {
    // Loaded only for a pointer at a path LFS does not track, which reads git and the LFS store.
    const { restorePointerFixes } = await import("./lfs-restore.js");
    await restorePointerFixes(context, cwd, findings);
  }
  return findings;
}

/** The fix for a blob that is already in a commit the push or the scan sends. */
function inHistory(f: Finding): void {
  switch (f.rule) {
    case "size":
    case "binary":
    case "redirect":
      // migrate rewrites every blob these rules block in one run; a warning's blob only
      // when it is named.
      f.fix = f.severity === "error" ? historyFixes.migrate : historyFixes.migratePath(f.path);
      break;
    default:
  }
}

/** verify in a folder without .git: `git lfs pull` cannot run, so the finding says what to do instead. */
function withoutGit(f: Finding): void {
  if (f.rule !== "lfs-missing-object" || f.fix === undefined) return;
  delete f.fix;
  f.message += pointerWords.noGit(f.path);
}

/** Whether `dir` is inside a git checkout (a .git folder or file here or above). */
export function insideGit(dir: string): boolean {
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    if (existsSync(path.join(at, ".git"))) return true;
    if (path.dirname(at) === at) return false;
  }
}
