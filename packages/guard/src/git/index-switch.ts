import { git } from "./exec.js";
import { parseRawDiff, type RawDiffEntry } from "./parse.js";

/**
 * Bring the index and some working-tree files to a commit whose branch ref has already
 * moved, without `git checkout` (which would delete files that became untracked: a
 * migrated model must stay on disk, ignored).
 */

/**
 * What changed between two commits' trees, every file (`-r`), from
 * `git diff-tree -r -z --raw --no-abbrev --no-renames A B`:
 *   ":100644 000000 <old> <0…> D\0models/nlu.tar.gz\0:000000 100644 <0…> <new> A\0models/nlu.tar.gz.ballast\0"
 */
export async function treeChanges(cwd: string, from: string, to: string): Promise<RawDiffEntry[]> {
  const { stdout } = await git(["diff-tree", "-r", "-z", "--raw", "--no-abbrev", "--no-renames", from, to, "--"], { cwd });
  return parseRawDiff(stdout);
}

/**
 * `git read-tree -m <commit>`: the index becomes the commit's tree, and entries whose
 * content did not change keep their stat data (so git need not hash every file again).
 * One write through git's own index.lock: all or nothing. Running it twice is harmless.
 */
export async function readTreeKeepingStat(cwd: string, commit: string): Promise<void> {
  await git(["read-tree", "-m", commit], { cwd });
}

/**
 * Write these paths from the index to the working tree, replacing what is there, and record
 * their new stat data in the index (`checkout-index -f -u -z --stdin`): without -u a later
 * `git reset --keep` finds them "not uptodate".
 */
export async function checkoutFromIndex(cwd: string, paths: string[]): Promise<void> {
  if (paths.length === 0) return;
  await git(["checkout-index", "-f", "-u", "-z", "--stdin"], { cwd, input: Buffer.from(`${paths.join("\0")}\0`) });
}
