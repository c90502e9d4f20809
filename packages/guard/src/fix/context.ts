import { existsSync } from "node:fs";
import path from "node:path";
import { pointerWords, rangeFixes } from "../messages.js";
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
export async function placeFixes(context: FixContext, cwd: string, findings: Finding[], options: { named?: boolean; allPushed?: boolean } = {}): Promise<Finding[]> {
  if (findings.length === 0) return findings;
  if (context === "no-git") {
    const dotGit = insideGit(cwd);
    for (const f of findings) withoutGit(f, dotGit);
  }
  if (context === "checkout" && findings.some((f) => f.rule === "lfs-missing-object")) await lfsInstalledFixes(cwd, findings);
  const inGit = context === "staged" || context === "history";
  if (inGit && findings.some((f) => f.rule === "lfs-pointer-untracked" && f.object)) {
    // Loaded only for a pointer at a path LFS does not track, which reads git and the LFS store.
    const { restorePointerFixes } = await import("./lfs-restore.js");
    await restorePointerFixes(context, cwd, findings);
  }
  if (context === "staged" && findings.some((f) => f.rule === "lfs-malformed" && f.fix)) await (await import("./malformed.js")).malformedFixes(cwd, findings);
  if (context === "history") await (await import("./history.js")).historyFixesFor(cwd, findings, options);
  return findings;
}

/**
 * verify in a folder without .git, or with one but no git on PATH: `git lfs pull` or
 * `git restore` cannot run, so the finding says what to do instead.
 */
function withoutGit(f: Finding, dotGit: boolean): void {
  if (f.fix === undefined || !f.fix.startsWith("git ")) return;
  delete f.fix;
  f.message += f.rule === "lfs-missing-object" ? pointerWords.noGit(f.path, dotGit) : pointerWords.noGitReference(f.path, dotGit);
}

/** `git lfs pull` where git-lfs is missing fails (git: 'lfs' is not a git command): asked only when a pointer was found. */
async function lfsInstalledFixes(cwd: string, findings: Finding[]): Promise<void> {
  const { lfsVersion } = await import("../git/setup.js");
  if (await lfsVersion(cwd)) return;
  for (const f of findings) if (f.rule === "lfs-missing-object" && f.fix) f.fix = rangeFixes.lfsInstallThenPull(f.path);
}

/** Whether `dir` is inside a git checkout (a .git folder or file here or above). */
export function insideGit(dir: string): boolean {
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    if (existsSync(path.join(at, ".git"))) return true;
    if (path.dirname(at) === at) return false;
  }
}
