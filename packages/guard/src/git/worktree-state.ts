import { existsSync } from "node:fs";
import path from "node:path";
import { git } from "./exec.js";
import { splitNul } from "./parse.js";

/**
 * Questions a history rewrite asks before it starts: is git in the middle of something,
 * and does the working tree hold work that is not committed?
 */

/** The files git leaves in its directory while an operation waits for the user. */
const IN_PROGRESS: Array<[string, string]> = [
  ["MERGE_HEAD", "a merge"],
  ["rebase-merge", "a rebase"],
  ["rebase-apply", "a rebase or git am"],
  ["CHERRY_PICK_HEAD", "a cherry-pick"],
  ["REVERT_HEAD", "a revert"],
  ["BISECT_LOG", "a bisect"],
];

/** The operation in progress in this worktree ("a merge"), or undefined. */
export function operationInProgress(gitDir: string): string | undefined {
  return IN_PROGRESS.find(([file]) => existsSync(path.join(gitDir, file)))?.[1];
}

/**
 * Tracked files that differ from HEAD, staged or not, from
 * `git status --porcelain=v1 -z --untracked-files=no --no-renames`:
 *   "XY path\0" (X: index, Y: working tree). Untracked and ignored files do not count.
 */
export async function uncommittedChanges(cwd: string): Promise<string[]> {
  const { stdout } = await git(["status", "--porcelain=v1", "-z", "--untracked-files=no", "--no-renames"], { cwd });
  return parseStatus(stdout);
}

export function parseStatus(output: Buffer | string): string[] {
  return splitNul(output)
    .filter((record) => record.length > 3)
    .map((record) => record.slice(3));
}

/** Whether the index records exactly `tree` (a commit or tree), ignoring the working tree. */
export async function indexMatches(cwd: string, tree: string): Promise<boolean> {
  const { code } = await git(["diff-index", "--cached", "--quiet", tree, "--"], { cwd, okCodes: [1] });
  return code === 0;
}
