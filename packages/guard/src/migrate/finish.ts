import { lstat, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { readCached } from "../cache/cache.js";
import { gitText } from "../git/exec.js";
import { checkoutFromIndex, readTreeKeepingStat, treeChanges } from "../git/index-switch.js";
import { parsePointer, POINTER_MAX_SIZE } from "../lfs/pointer.js";
import { parseReference, REFERENCE_SUFFIX } from "../ref/format.js";
import { streamToFile, writeFileAtomic } from "../util/atomic.js";
import { withGitignoreLine } from "../util/gitignore.js";

/**
 * After the branch moved: the index becomes the new commit's tree (stat data kept where
 * nothing changed) and the files that changed are written, except that a file that
 * became a reference stays on disk, now ignored: nothing is deleted that the user needs.
 * Every step can run again (a rerun after `kill -9` repeats them all).
 */
export async function finishWorktree(o: { root: string; commonDir: string; old: string; new: string }): Promise<void> {
  const changes = await treeChanges(o.root, o.old, o.new);
  const oldHadIgnore = changes.every((c) => c.path !== ".gitignore" || c.status !== "A");
  const ignoreOnDisk = oldHadIgnore ? undefined : await readFile(path.join(o.root, ".gitignore"), "utf8").catch(() => undefined);
  await readTreeKeepingStat(o.root, o.new);

  const added = changes.filter((c) => c.status !== "D").map((c) => c.path);
  const references = new Set(added.filter((p) => p.endsWith(REFERENCE_SUFFIX)));
  // An untracked .gitignore the user kept on disk keeps its lines: the new ones are added to it.
  await checkoutFromIndex(o.root, ignoreOnDisk === undefined ? added : added.filter((p) => p !== ".gitignore"));
  if (ignoreOnDisk !== undefined) await keepIgnoreLines(o.root, ignoreOnDisk);

  for (const c of changes.filter((c) => c.status === "D")) {
    if (references.has(`${c.path}${REFERENCE_SUFFIX}`)) await restorePointerText(o, c.path);
    else await rm(path.join(o.root, ...c.path.split("/")), { force: true });
  }
}

async function keepIgnoreLines(root: string, onDisk: string): Promise<void> {
  const committed = await gitText(["cat-file", "blob", ":.gitignore"], { cwd: root });
  const merged = committed.split(/\r?\n/).filter(Boolean).reduce(withGitignoreLine, onDisk);
  if (merged !== onDisk) await writeFileAtomic(path.join(root, ".gitignore"), merged);
}

/**
 * A file that was a Git LFS pointer on disk (git-lfs never smudged it here) is replaced
 * by the real bytes from the cache, verified: the reference now promises them. A real
 * file, or none at all, is left as it is.
 */
async function restorePointerText(o: { root: string; commonDir: string }, repoPath: string): Promise<void> {
  const file = path.join(o.root, ...repoPath.split("/"));
  const info = await lstat(file).catch(() => undefined);
  if (!info?.isFile() || info.size >= POINTER_MAX_SIZE) return;
  if (parsePointer(await readFile(file)).kind !== "pointer") return;
  const parsed = parseReference(await readFile(`${file}${REFERENCE_SUFFIX}`));
  if (!parsed.ok) return;
  const { sha256, size } = parsed.reference;
  await streamToFile(readCached(o.commonDir, sha256), { file, expected: { sha256, size }, label: repoPath });
}
