import type { Judging } from "../engine/judge.js";
import type { Policy } from "../engine/policy.js";
import { objectHeads } from "../git/catfile.js";
import { git } from "../git/exec.js";
import { attributesFolder, EMPTY_TREE_SHA1, EMPTY_TREE_SHA256, isRegularFileMode, splitNul } from "../git/parse.js";
import { GLOB_PATHSPECS_ENV } from "../git/args.js";
import type { AttributeQuestion } from "./attributes.js";
import type { Layout, LayoutChange } from "./layouts.js";
import { Lfs, type LfsStatus } from "./lfs-status.js";
import type { SmallBlobReader } from "./reader.js";

/** Files whose LFS-ness a commit's new .gitattributes changed, judged once git has answered. */
export interface Retracked {
  judge(yes: Set<number>, judging: Judging, policy: Policy): Promise<void>;
}

interface Candidate {
  commit: string;
  path: string;
  object: string;
  size: number;
  /** The question about the commit's own layout, and about each parent's (undefined: not LFS, git need not be asked). */
  now: number | undefined;
  before: Array<number | undefined>;
}

/**
 * A commit that changes a .gitattributes line naming lfs (or `filter`, or a macro) changes
 * what its unchanged files are: pointers left behind when tracking is dropped (the deploy
 * branch that ships pointer files), real files a new `git lfs track` now covers. Such a
 * commit brings each file whose LFS-ness differs from a parent's, and those are judged
 * again, at that commit, by the path rules (the blobs are not new: no size or binary).
 *
 * One `git ls-tree -r -l` per such commit, under the folders whose .gitattributes changed
 * (attributes change rarely); a merge whose parents disagree is compared with them first
 * (two git processes name their .gitattributes), and a merge's file only with the parents
 * that hold the same blob at that path (one more `git ls-tree` per parent). The questions join the walk's (`questions`).
 */
export async function retrackedPairs(options: { cwd: string; changes: LayoutChange[]; status: LfsStatus; reader: SmallBlobReader; questions: AttributeQuestion[] }): Promise<Retracked> {
  const { cwd, changes, status, reader, questions } = options;
  const candidates: Candidate[] = [];
  if (changes.length > 0) {
    const merged = await attributeDirs(cwd, changes.filter((c) => !c.dirs));
    const relevant: Array<{ change: LayoutChange; dirs: string[] }> = [];
    for (const change of changes) {
      const dirs = await reader.until(() => relevantDirs(change, change.dirs ?? merged, status));
      if (dirs.length) relevant.push({ change, dirs });
    }
    const trees = await Promise.all(relevant.map(({ change, dirs }) => filesUnder(cwd, change.commit, dirs)));
    // A merge's file is compared only with the parents it came from unchanged (a file only
    // the other side had is not retracked by this side's .gitattributes).
    const parentTrees = await Promise.all(
      relevant.map(({ change, dirs }) => (change.parentShas.length > 1 ? Promise.all(change.parentShas.map((p) => filesUnder(cwd, p, dirs).then(objectsByPath))) : undefined)),
    );
    for (const [i, { change }] of relevant.entries()) {
      for (const file of trees[i]!) {
        const from = parentTrees[i]?.map((objects) => objects.get(file.path) === file.object);
        const parents = from ? change.parents.filter((_, n) => from[n]) : change.parents;
        // Different from every parent: the walk brought it, and judges it there.
        if (parents.length === 0) continue;
        const layouts = [change.layout, ...parents];
        const lfs = await reader.until(() => {
          const all = layouts.map((l) => status.of(l, file.path));
          return all.includes(Lfs.Pending) ? undefined : all;
        });
        if (lfs.every((l) => l === Lfs.No)) continue;
        const ask = (layout: Layout, l: Lfs) => (l === Lfs.Maybe ? questions.push(status.question(layout, file.path)) - 1 : undefined);
        const [now, ...before] = layouts.map((layout, n) => ask(layout, lfs[n]!));
        candidates.push({ commit: change.commit, ...file, now, before });
      }
    }
  }
  return {
    async judge(yes, judging, policy) {
      const is = (q: number | undefined) => q !== undefined && yes.has(q);
      const changed = candidates.filter((c) => c.before.some((q) => is(q) !== is(c.now)));
      const facts = changed.map((c) => ({ path: c.path, object: c.object, size: c.size, lfs: is(c.now), commit: c.commit, new: false }));
      const wants = facts.map((f) => Math.min(f.size, judging.headBytes(f, policy.forPath(f.path))));
      const heads = await objectHeads(
        cwd,
        facts.flatMap((f, i) => (wants[i]! > 0 ? [{ object: f.object, bytes: wants[i]!, size: f.size }] : [])),
      );
      for (const [i, f] of facts.entries()) {
        const head = heads.get(f.object);
        judging.judge(head ? { ...f, head: head.subarray(0, wants[i]!) } : f, policy.forPath(f.path));
      }
    },
  };
}

/** The folders among `dirs` whose .gitattributes differ from a parent's in a way that can change LFS. */
function relevantDirs(change: LayoutChange, dirs: string[], status: LfsStatus): string[] | undefined {
  const found: string[] = [];
  for (const dir of dirs) {
    const files = [change.layout, ...change.parents].map((l) => status.fileAt(l, dir));
    if (files.includes(undefined)) return undefined;
    if (files.every((f) => f === files[0])) continue;
    const mentions = files.map((f) => (f ? status.mentionsLfs(f) : false));
    if (mentions.includes(undefined)) return undefined;
    if (mentions.includes(true)) found.push(dir);
  }
  return found;
}

/**
 * Every folder holding a .gitattributes (a file or a symbolic link: git reads both from a
 * tree) in the merges or their parents: each commit's tree, then one
 * `git diff-tree --stdin -r -z --name-only -- ":(glob)**\/.gitattributes"` of the empty
 * tree against each, which names every such file ("<empty> <tree>\n" per tree, then
 * "path\0" per file).
 * (`git grep` would be one process, but it skips symbolic links.) The pathspec is read
 * with its magic whatever GIT_*_PATHSPECS the caller has set.
 */
async function attributeDirs(cwd: string, merges: LayoutChange[]): Promise<string[]> {
  if (merges.length === 0) return [];
  const revs = [...new Set(merges.flatMap((m) => [m.commit, ...m.parentShas]))];
  const { stdout: listed } = await git(["cat-file", "--batch-check=%(objectname)"], { cwd, input: revs.map((r) => `${r}^{tree}\n`).join("") });
  const trees = listed.toString("latin1").split("\n").filter((t) => /^[0-9a-f]+$/.test(t));
  if (trees.length === 0) return [];
  const empty = trees[0]!.length === 64 ? EMPTY_TREE_SHA256 : EMPTY_TREE_SHA1;
  const input = trees.map((t) => `${empty} ${t}\n`).join("");
  const { stdout } = await git(["diff-tree", "--stdin", "-r", "-z", "--name-only", "--no-renames", "--", ":(glob)**/.gitattributes"], { cwd, env: GLOB_PATHSPECS_ENV, input });
  const dirs = new Set<string>();
  // Each pair is echoed first, "<empty> <tree>\n", before its names.
  const echo = new RegExp(`^${empty} [0-9a-f]+\n`);
  for (const record of splitNul(stdout)) {
    const dir = attributesFolder(record.replace(echo, ""));
    if (dir !== undefined) dirs.add(dir);
  }
  return [...dirs];
}

function objectsByPath(files: Array<{ path: string; object: string }>): Map<string, string> {
  return new Map(files.map((f) => [f.path, f.object]));
}

/**
 * The files of a commit under some folders, with their sizes: `git ls-tree -r -l -z --full-tree`:
 *   "100644 blob <sha>     123\tpath\0" (the size right-aligned; "-" for what is not a blob)
 */
async function filesUnder(cwd: string, commit: string, dirs: string[]): Promise<Array<{ path: string; object: string; size: number }>> {
  const pathspecs = dirs.includes("") ? [] : ["--", ...dirs];
  const { stdout } = await git(["--literal-pathspecs", "ls-tree", "-r", "-l", "-z", "--full-tree", commit, ...pathspecs], { cwd });
  return splitNul(stdout).flatMap((record) => {
    const tab = record.indexOf("\t");
    const [mode, type, object, size] = record.slice(0, tab).split(/ +/);
    if (tab < 0 || type !== "blob" || !isRegularFileMode(mode ?? "") || !object) return [];
    return [{ path: record.slice(tab + 1), object, size: Number(size) }];
  });
}
