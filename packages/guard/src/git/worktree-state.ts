import { existsSync } from "node:fs";
import path from "node:path";
import { ask } from "./simple.js";

/**
 * Questions a history rewrite asks before it starts: is git in the middle of something,
 * and does the working tree hold work that is not committed? Cold questions (migrate):
 * simple-git's status parser answers the second.
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

/**
 * The operation in progress in this worktree ("a merge"), or undefined. git has no command
 * that says (nor has simple-git): these files are what git's own prompt script reads.
 */
export function operationInProgress(gitDir: string): string | undefined {
  return IN_PROGRESS.find(([file]) => existsSync(path.join(gitDir, file)))?.[1];
}

/**
 * Tracked files that differ from HEAD, staged or not; untracked and ignored files do not
 * count. simple-git runs `git status --porcelain -b -u --null`; the options given here
 * come after its own and win (`-uno`: untracked files are not even looked for).
 */
export async function uncommittedChanges(cwd: string): Promise<string[]> {
  const status = await ask(cwd, ["status"], (git) => git.status(["--untracked-files=no", "--no-renames"]));
  return status.files.map((file) => file.path);
}
