import { spawnSync } from "node:child_process";
import { cpSync, existsSync } from "node:fs";
import path from "node:path";
import { ballast, gitdir, hasGitLfs, pseudoRandom, tempDir, type GitDir } from "@ballast/test-utils";
import { describe, expect, it } from "vitest";
import { parsePointer } from "../../src/lfs/pointer.js";
import { parseReference } from "../../src/ref/format.js";
import { gitignoreLine } from "../../src/util/gitignore.js";

/**
 * The real tool is the oracle: `git lfs migrate import --everything --include=…` and
 * `ballast migrate --everything …` on copies of the same repository (branches, a merge,
 * a deletion, an annotated and a lightweight tag, authors and dates of their own) must
 * give the same commit graph, the same messages, authors and dates, the same tags, and
 * trees that differ only where one has an LFS pointer and the other a ballast reference
 * to the same bytes (and in .gitattributes against .gitignore).
 */
interface Commit {
  parents: string[];
  meta: string;
  files: Map<string, string>;
}

function history(): GitDir {
  const repo = gitdir({ "README.md": "# bot\n" }, { commit: false });
  const commit = (message: string, who: string, date: string, files: Record<string, Buffer | string> = {}) => {
    repo.write(files);
    repo.git(["add", "-A"]);
    repo.git(["commit", "-q", "--no-verify", "-m", message], { env: { GIT_AUTHOR_NAME: who, GIT_AUTHOR_EMAIL: `${who}@x.invalid`, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } });
  };
  commit("c1 readme", "ada", "2025-01-01T10:00:00+01:00");
  commit("c2 assets", "bo", "2025-01-02T10:00:00Z", { "assets/x.bin": pseudoRandom(40_000, "x1"), "assets/a b.bin": pseudoRandom(20_000, "ab"), "notes.txt": "n\n" });
  repo.git(["tag", "lw"]);
  repo.git(["checkout", "-q", "-b", "side"]);
  commit("c3 new x\n\nwith a body", "cy", "2025-01-03T10:00:00-05:00", { "assets/x.bin": pseudoRandom(40_000, "x2") });
  repo.git(["checkout", "-q", "main"]);
  commit("c4 deep z", "ada", "2025-01-04T10:00:00Z", { "d/e/z.bin": pseudoRandom(30_000, "z") });
  repo.git(["tag", "-a", "v1", "-m", "release one"], { env: { GIT_COMMITTER_DATE: "2025-01-04T11:00:00Z" } });
  repo.git(["merge", "-q", "--no-ff", "-m", "c5 merge side", "side"], { env: { GIT_COMMITTER_DATE: "2025-01-05T10:00:00Z" } });
  repo.git(["rm", "-q", "assets/a b.bin"]);
  commit("c6 drop a b", "bo", "2025-01-06T10:00:00Z");
  return repo;
}

const raw = (dir: string, ...args: string[]) => spawnSync("git", args, { cwd: dir, maxBuffer: 1 << 26 }).stdout as Buffer;
const text = (dir: string, ...args: string[]) => raw(dir, ...args).toString("utf8");

/** Every commit of every branch and tag, by subject (unique here): parents by subject, metadata, normalised files. */
function graph(dir: string, side: "lfs" | "ballast"): Map<string, Commit> {
  const records = text(dir, "log", "--branches", "--tags", "--format=%H%x00%P%x00%an|%ae|%ad|%cn|%ce|%cd|%B%x1e", "--date=raw").split("\x1e\n").filter(Boolean);
  const subject = new Map(records.map((r) => [r.split("\0")[0]!, r.split("\0")[2]!.split("|")[6]!.split("\n")[0]!]));
  const commits = new Map<string, Commit>();
  for (const record of records) {
    const [id, parents, meta] = record.split("\0") as [string, string, string];
    commits.set(subject.get(id)!, { parents: parents.split(" ").filter(Boolean).map((p) => subject.get(p)!), meta, files: files(dir, id, side) });
  }
  return commits;
}

/** A tree's files, with an LFS pointer and a ballast reference both written as "ref <sha256> <size>". */
function files(dir: string, commit: string, side: "lfs" | "ballast"): Map<string, string> {
  const out = new Map<string, string>();
  const entries = text(dir, "ls-tree", "-r", "-z", commit).split("\0").filter(Boolean).map((e) => ({ blob: e.split(" ")[2]!.split("\t")[0]!, path: e.slice(e.indexOf("\t") + 1) }));
  const bins = entries.filter((e) => e.path.endsWith(".bin") || e.path.endsWith(".bin.ballast")).map((e) => e.path.replace(/\.ballast$/, ""));
  for (const { blob, path: p } of entries) {
    const content = raw(dir, "cat-file", "blob", blob);
    if (side === "lfs" && p === ".gitattributes") expect(content.toString()).toBe("*.bin filter=lfs diff=lfs merge=lfs -text\n");
    else if (side === "ballast" && p === ".gitignore") expect(content.toString()).toBe(bins.sort().map((b) => `${gitignoreLine(b)}\n`).join(""));
    else if (side === "ballast" && p.endsWith(".ballast")) {
      const parsed = parseReference(content);
      if (!parsed.ok) throw new Error(`${p}: ${parsed.reason}`);
      out.set(p.slice(0, -".ballast".length), `ref ${parsed.reference.sha256} ${parsed.reference.size}`);
    } else {
      const pointer = side === "lfs" ? parsePointer(content) : undefined;
      out.set(p, pointer?.kind === "pointer" ? `ref ${pointer.pointer.oid} ${pointer.pointer.size}` : `git ${blob}`);
    }
  }
  return out;
}

/** Tags: what each points at (by subject) and, for an annotated one, its text without the object line. */
function tags(dir: string): string[] {
  return text(dir, "for-each-ref", "--format=%(refname) %(objecttype) %(*objectname)%(objectname)", "refs/tags")
    .trim()
    .split("\n")
    .map((line) => {
      const [ref, type] = line.split(" ") as [string, string];
      const body = type === "tag" ? text(dir, "cat-file", "tag", ref).replace(/^object .*\n/, "") : "";
      return `${ref} ${type} ${text(dir, "log", "-1", "--format=%s", ref).trim()} ${body}`;
    });
}

describe.skipIf(!hasGitLfs())("differential: ballast migrate --everything against git lfs migrate import --everything (needs git-lfs)", () => {
  it("same graph, metadata and tags; trees differ only in pointer against reference", () => {
    const original = history();
    const [lfs, ours] = ["lfs", "ballast"].map((name) => {
      const dir = path.join(tempDir(), name);
      cpSync(original.dir, dir, { recursive: true });
      return dir;
    }) as [string, string];
    const migrated = spawnSync("git", ["lfs", "migrate", "import", "--everything", "--include=*.bin"], { cwd: lfs, encoding: "utf8" });
    expect(migrated.status, migrated.stderr).toBe(0);
    const result = ballast(["migrate", "--everything", "*.bin"], { cwd: ours });
    expect(result.code, result.output).toBe(0);

    const expected = graph(lfs, "lfs");
    const actual = graph(ours, "ballast");
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    expect(actual.size).toBe(6);
    for (const [subject, commit] of expected) expect(actual.get(subject), subject).toEqual(commit);
    // git-lfs writes an annotated tag's message again without its final newline; ballast
    // keeps the tag's bytes as they were (only the object line changes).
    const trimmed = (list: string[]) => list.map((t) => t.trimEnd());
    expect(trimmed(tags(ours))).toEqual(trimmed(tags(lfs)));
    expect(tags(ours)).toEqual(tags(original.dir));
    // What ballast had no reason to change kept its id; git-lfs adds .gitattributes everywhere.
    expect(text(ours, "rev-parse", ":/c1 readme")).toBe(text(original.dir, "rev-parse", ":/c1 readme"));
    // The same bytes: each pointer's oid is the reference's sha256 (compared above), and both stores hold them.
    const oid = [...expected.get("c4 deep z")!.files.values()].find((v) => v.startsWith("ref"))!.split(" ")[1]!;
    expect(spawnSync("git", ["lfs", "ls-files", "--all", "--long"], { cwd: lfs, encoding: "utf8" }).stdout).toContain(oid);
    expect(existsSync(path.join(ours, ".git/ballast/objects/sha256", oid.slice(0, 2), oid.slice(2, 4), oid))).toBe(true);
  });
});
