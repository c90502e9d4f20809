import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { tempDir, type GitDir } from "@ballast/test-utils";

/**
 * What `ballast scan --all` should find in a history, worked out with plain git and
 * nothing of ballast's: `rev-list` for the commits and every blob, `ls-tree` for each
 * commit's files, `check-attr` on a temporary index that holds that commit's whole tree
 * (so git applies every .gitattributes, macros and nested files as a checkout would), and
 * `git lfs pointer --check` for what git-lfs calls a pointer (it decodes the first 1024
 * bytes, as the smudge filter does).
 *
 * A finding is reported once per rule, path and blob (where it first arrives), and a
 * warning not at all where an error names the same blob at the same path.
 *
 * A commit brings a (path, blob) when no parent has that blob at that path; it also
 * brings a file that a parent has unchanged when the two disagree on `filter=lfs` (its
 * .gitattributes changed). Size is judged where a blob first arrives, oldest commit first.
 * Returned as "rule path commit" lines, for the rules this oracle knows:
 * lfs-pointer-untracked, lfs-not-pointer, size (with `binary` off in the fixture's config).
 */
export function expectedFindings(repo: GitDir, options: OracleOptions = {}): string[] {
  return oracle(repo, options).findings;
}

export interface OracleOptions {
  allow?: string[];
  warn?: number;
  /** Over this a size finding is an error, else a warning (default: every one an error). */
  block?: number;
  /** The tips whose history is known (default: every ref). */
  revs?: string[];
  /**
   * ballast's finer verdict on text git-lfs does not decode or decodes grudgingly (its
   * `lfs-malformed`), from a blob's bytes: "error" for almost a pointer (git-lfs must not
   * decode it), "warning" for a pointer not in canonical form (git-lfs must decode it). With
   * it the oracle names those findings as ballast does; without it they are
   * `lfs-not-pointer` at an LFS path and nothing elsewhere.
   */
  almost?: (bytes: Buffer, size: number) => "error" | "warning" | undefined;
  /**
   * The commits judged, in the order they are judged (default: all of the history, oldest
   * first), and the rev-list arguments that select them (`base..head`): the blobs git would
   * not send for them are already there (not new: no size finding).
   */
  judged?: string[];
  range?: string[];
}

export interface OracleVerdicts {
  /** "rule path commit" lines, sorted. */
  findings: string[];
  /** "path commit" of every file a commit brings at a `filter=lfs` path. */
  lfsBrought: Set<string>;
  /** git-lfs's verdict on a blob. */
  isPointer(blob: string): boolean;
  /** Blobs where `almost` contradicts git-lfs (a "malformed" pointer it decodes, or the reverse): must be none. */
  contradictions: string[];
}

/**
 * expectedFindings, with what the oracle knows about each brought file. A finding is
 * reported once per rule, path and blob: where the judged commits first bring it (the same
 * real file re-tracked later, or the same pointer untracked again, repeats nothing).
 */
export function oracle(repo: GitDir, options: OracleOptions = {}): OracleVerdicts {
  const warn = options.warn ?? 1e6;
  const allowed = (p: string) => (options.allow ?? []).some((prefix) => p.startsWith(prefix));
  const parentsOf = new Map<string, string[]>();
  for (const line of repo.git(["rev-list", ...(options.revs ?? ["--all"]), "--topo-order", "--reverse", "--parents"]).stdout.split("\n").filter(Boolean)) {
    const [sha, ...parents] = line.split(" ");
    parentsOf.set(sha!, parents);
  }
  const trees = new Map<string, Map<string, { blob: string; size: number; lfs: boolean }>>();
  for (const sha of parentsOf.keys()) trees.set(sha, treeOf(repo, sha));
  const judged = options.judged ?? [...parentsOf.keys()];
  const judgedSet = new Set(judged);
  // What is new is what git itself would send: `rev-list --objects` over the range marks
  // only the boundary commits' trees as had, so a blob that only an older commit of the
  // exclusions holds (a file deleted, then restored) is sent, and judged, again.
  const fresh = options.range ? new Set(repo.git(["rev-list", "--objects", "--no-object-names", ...options.range]).stdout.split("\n").filter(Boolean)) : undefined;
  const old = { has: (blob: string) => (fresh ? !fresh.has(blob) : false) };
  if (!fresh && judgedSet.size < trees.size) throw new Error("oracle: judging part of a history needs `range`");

  const found: Array<{ line: string; at: string; error: boolean }> = [];
  const reported = new Set<string>();
  const report = (rule: string, file: string, blob: string, sha: string, error = true) => {
    const key = `${rule}\0${file}\0${blob}`;
    if (reported.has(key)) return;
    reported.add(key);
    found.push({ line: `${rule} ${file} ${sha}`, at: `${file}\0${blob}`, error });
  };
  const lfsBrought = new Set<string>();
  const firstSeen = new Map<string, string>();
  const pointer = memo((blob: string) => isPointer(repo, blob));
  // git-lfs decodes a pointer from a blob's first 1024 bytes whatever its size (what
  // `git lfs pointer --check` and the smudge filter do); ballast looks at blobs up to
  // 8 kB for that (POINTER_SNIFF_SIZE) and calls anything larger the real file.
  const sniffed = (entry: { size: number }) => entry.size <= 8_192;
  const contradictions = new Set<string>();
  const almost = memo((blob: string) => {
    const verdict = options.almost?.(blobBytes(repo, blob), Number(repo.git(["cat-file", "-s", blob]).stdout));
    if (verdict && (verdict === "warning") !== pointer(blob)) contradictions.add(`${blob} ${verdict}`);
    return verdict;
  });
  for (const sha of judged) {
    const parents = parentsOf.get(sha)!;
    for (const [file, entry] of trees.get(sha)!) {
      const before = parents.map((p) => trees.get(p)?.get(file));
      const brought = before.every((b) => b?.blob !== entry.blob);
      const retracked = !brought && before.some((b) => b?.blob === entry.blob && b.lfs !== entry.lfs);
      if (!brought && !retracked) continue;
      if (brought && !old.has(entry.blob) && !firstSeen.has(entry.blob)) firstSeen.set(entry.blob, sha);
      if (entry.lfs) lfsBrought.add(`${file} ${sha}`);
      // An empty file is git-lfs's empty pointer, and nobody's mistake: no finding either way.
      if (entry.size > 0) {
        const isPointer = sniffed(entry) && pointer(entry.blob);
        const finer = sniffed(entry) ? almost(entry.blob) : undefined;
        if (!entry.lfs && isPointer) report("lfs-pointer-untracked", file, entry.blob, sha);
        else if (finer === "error") report("lfs-malformed", file, entry.blob, sha);
        else if (entry.lfs && !isPointer) report("lfs-not-pointer", file, entry.blob, sha);
        else if (entry.lfs && finer === "warning") report("lfs-malformed", file, entry.blob, sha, false);
      }
      if (brought && firstSeen.get(entry.blob) === sha && !allowed(file) && entry.size > warn) report("size", file, entry.blob, sha, entry.size > (options.block ?? 0));
    }
  }
  // One error says enough about a blob at a path: a warning about the same is not repeated.
  const blocked = new Set(found.filter((f) => f.error).map((f) => f.at));
  const findings = found.filter((f) => f.error || !blocked.has(f.at)).map((f) => f.line);
  return { findings: findings.sort(), lfsBrought, isPointer: pointer, contradictions: [...contradictions] };
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
  writeFileSync(file, blobBytes(repo, blob));
  return repo.git(["lfs", "pointer", "--check", "--file", file], { allowFail: true }).status === 0;
}

function blobBytes(repo: GitDir, blob: string): Buffer {
  return execFileSync("git", ["cat-file", "blob", blob], { cwd: repo.dir, maxBuffer: 1 << 30 });
}

function memo<T>(fn: (key: string) => T): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    if (!cache.has(key)) cache.set(key, fn(key));
    return cache.get(key)!;
  };
}
