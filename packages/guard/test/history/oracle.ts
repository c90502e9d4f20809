import { writeFileSync } from "node:fs";
import path from "node:path";
import { tempDir, type GitDir } from "@ballast/test-utils";

/**
 * What `ballast scan --all` should find in a history, worked out with plain git and
 * nothing of ballast's: `rev-list` for the commits and every blob, `ls-tree` for each
 * commit's files, `check-attr` on a temporary index that holds that commit's whole tree
 * (so git applies every .gitattributes, macros and nested files as a checkout would), and
 * `git lfs pointer --check` for what git-lfs calls a pointer.
 *
 * A commit brings a (path, blob) when no parent has that blob at that path; it also
 * brings a file that a parent has unchanged when the two disagree on `filter=lfs` (its
 * .gitattributes changed). Size is judged where a blob first arrives, oldest commit first.
 * Returned as "rule path commit" lines, for the rules this oracle knows:
 * lfs-pointer-untracked, lfs-not-pointer, size (with `binary` off in the fixture's config).
 */
export function expectedFindings(repo: GitDir, options: { allow?: string[]; warn?: number } = {}): string[] {
  const warn = options.warn ?? 1e6;
  const allowed = (p: string) => (options.allow ?? []).some((prefix) => p.startsWith(prefix));
  const commits = repo
    .git(["rev-list", "--all", "--topo-order", "--reverse", "--parents"])
    .stdout.split("\n")
    .filter(Boolean)
    .map((line) => {
      const [sha, ...parents] = line.split(" ");
      return { sha: sha!, parents };
    });
  const trees = new Map<string, Map<string, { blob: string; size: number; lfs: boolean }>>();
  for (const { sha } of commits) trees.set(sha, treeOf(repo, sha));

  const found = new Set<string>();
  const firstSeen = new Map<string, string>();
  const pointer = memo((blob: string) => isPointer(repo, blob));
  for (const { sha, parents } of commits) {
    for (const [file, entry] of trees.get(sha)!) {
      const before = parents.map((p) => trees.get(p)?.get(file));
      const brought = before.every((b) => b?.blob !== entry.blob);
      const retracked = !brought && before.some((b) => b?.blob === entry.blob && b.lfs !== entry.lfs);
      if (!brought && !retracked) continue;
      if (brought && !firstSeen.has(entry.blob)) firstSeen.set(entry.blob, sha);
      if (!entry.lfs && entry.size < 1024 && pointer(entry.blob)) found.add(`lfs-pointer-untracked ${file} ${sha}`);
      if (entry.lfs && entry.size > 0 && !(entry.size < 1024 && pointer(entry.blob))) found.add(`lfs-not-pointer ${file} ${sha}`);
      if (brought && firstSeen.get(entry.blob) === sha && !allowed(file) && entry.size > warn) found.add(`size ${file} ${sha}`);
    }
  }
  return [...found].sort();
}

/** Every blob reachable from every ref (tags and trees filtered out by their type). */
export function allBlobs(repo: GitDir): Set<string> {
  const listed = repo.git(["rev-list", "--objects", "--all", "--no-object-names"]).stdout;
  const types = repo.git(["cat-file", "--batch-check=%(objectname) %(objecttype)"], { input: listed }).stdout;
  return new Set(
    types
      .split("\n")
      .filter((l) => l.endsWith(" blob"))
      .map((l) => l.split(" ")[0]!),
  );
}

/** The blobs the oracle's trees hold, to check that it saw every blob rev-list names. */
export function blobsInTrees(repo: GitDir): Set<string> {
  const blobs = new Set<string>();
  for (const sha of repo.git(["rev-list", "--all"]).stdout.split("\n").filter(Boolean)) {
    for (const entry of treeOf(repo, sha).values()) blobs.add(entry.blob);
  }
  return blobs;
}

/** A commit's regular files with size and LFS-ness (check-attr on a temporary index of that tree). */
function treeOf(repo: GitDir, sha: string): Map<string, { blob: string; size: number; lfs: boolean }> {
  const files = new Map<string, { blob: string; size: number; lfs: boolean }>();
  for (const record of repo.git(["ls-tree", "-r", "-l", "-z", sha]).stdout.split("\0").filter(Boolean)) {
    const tab = record.indexOf("\t");
    const [mode, type, blob, size] = record.slice(0, tab).split(/ +/);
    if (type === "blob" && (mode === "100644" || mode === "100755")) files.set(record.slice(tab + 1), { blob: blob!, size: Number(size), lfs: false });
  }
  const env = { GIT_INDEX_FILE: path.join(tempDir("oracle-index-"), "index") };
  repo.git(["read-tree", sha], { env });
  const answers = repo.git(["check-attr", "--cached", "-z", "--stdin", "filter"], { env, input: [...files.keys()].map((f) => `${f}\0`).join("") }).stdout.split("\0");
  for (let i = 0; i + 2 < answers.length; i += 3) if (answers[i + 2] === "lfs") files.get(answers[i]!)!.lfs = true;
  return files;
}

/** git-lfs's own verdict: `git lfs pointer --check --file` exits 0 for a pointer. */
function isPointer(repo: GitDir, blob: string): boolean {
  const file = path.join(tempDir("oracle-blob-"), "blob");
  writeFileSync(file, repo.git(["cat-file", "blob", blob]).stdout);
  return repo.git(["lfs", "pointer", "--check", "--file", file], { allowFail: true }).status === 0;
}

function memo<T>(fn: (key: string) => T): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    if (!cache.has(key)) cache.set(key, fn(key));
    return cache.get(key)!;
  };
}
