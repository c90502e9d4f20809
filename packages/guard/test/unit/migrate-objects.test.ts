import { spawnSync } from "node:child_process";
import { gitdir } from "@ballast/test-utils";
import { describe, expect, it } from "vitest";
import { parseParents } from "../../src/git/history.js";
import { formatCommit, parseCommit, parseTree, retargetTag, tagTarget } from "../../src/git/raw-objects.js";
import { ignoreMigrated, isEmptyAttributes, withoutLfsLines } from "../../src/migrate/text-edits.js";

/** Raw object bytes, as `git cat-file <type> <sha>` prints them (what cat-file --batch returns). */
function raw(dir: string, type: string, object: string): Buffer {
  return spawnSync("git", ["cat-file", type, object], { cwd: dir }).stdout;
}
const hashObject = (dir: string, type: string, content: Buffer | string) =>
  spawnSync("git", ["hash-object", "-w", "-t", type, "--stdin"], { cwd: dir, input: content, encoding: "utf8" }).stdout.trim();

describe("raw git objects, captured from a real repository", () => {
  it("parses a tree: modes as ls-tree prints them, names as raw bytes and as text", () => {
    const repo = gitdir({ "a b.txt": "a\n", "models/x.bin": "x\n", "modèle.pt": "m\n", "run.sh": { text: "#!/bin/sh\n", mode: 0o755 }, link: { symlink: "a b.txt" } });
    const entries = parseTree(raw(repo.dir, "tree", "HEAD^{tree}"), 20);
    const lsTree = repo.git(["ls-tree", "-z", "HEAD"]).stdout.split("\0").filter(Boolean);
    expect(entries.map((e) => `${e.mode} ${e.type} ${e.object}\t${e.text}`)).toEqual(lsTree);
    expect(entries.find((e) => e.text === "modèle.pt")!.name.equals(Buffer.from("modèle.pt"))).toBe(true);
  });

  it("keeps a non-UTF-8 file name byte for byte", () => {
    const repo = gitdir({ "a.txt": "a\n" });
    const blob = repo.git(["rev-parse", "HEAD:a.txt"]).stdout.trim();
    const name = Buffer.from([0x6d, 0xe9, 0x2e, 0x62, 0x69, 0x6e]); // "mé.bin" in latin1
    const tree = spawnSync("git", ["mktree", "-z"], { cwd: repo.dir, input: Buffer.concat([Buffer.from(`100644 blob ${blob}\t`), name, Buffer.from([0])]) }).stdout.toString().trim();
    expect(parseTree(raw(repo.dir, "tree", tree), 20)[0]!.name.equals(name)).toBe(true);
  });

  it("parses a merge commit and writes it back byte for byte", () => {
    const repo = gitdir({ "a.txt": "a\n" });
    repo.git(["checkout", "-q", "-b", "side"]);
    repo.commit("side", { "b.txt": "b\n" });
    repo.git(["checkout", "-q", "main"]);
    repo.commit("main", { "c.txt": "c\n" });
    repo.git(["merge", "-q", "--no-ff", "-m", "merge side\n\nbody, with ünïcode", "side"]);
    const bytes = raw(repo.dir, "commit", "HEAD");
    const commit = parseCommit(bytes);
    expect(commit.parents).toHaveLength(2);
    expect(commit.tree).toBe(repo.git(["rev-parse", "HEAD^{tree}"]).stdout.trim());
    expect(commit.headers.map((h) => h.split(" ")[0])).toEqual(["author", "committer"]);
    expect(formatCommit(commit).equals(bytes)).toBe(true);
  });

  it("drops a signature header (with its continuation lines) and keeps every other byte", () => {
    const repo = gitdir({ "a.txt": "a\n" });
    const plain = raw(repo.dir, "commit", "HEAD").toString("latin1");
    const signed = plain.replace("\n\n", "\nencoding ISO-8859-1\ngpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEz\n -----END PGP SIGNATURE-----\n\n");
    const id = hashObject(repo.dir, "commit", Buffer.from(signed, "latin1"));
    const commit = parseCommit(raw(repo.dir, "commit", id));
    expect(commit.headers.some((h) => h.startsWith("gpgsig") && h.includes("\n iQEz"))).toBe(true);
    expect(formatCommit(commit).toString("latin1")).toBe(plain.replace("\n\n", "\nencoding ISO-8859-1\n\n"));
  });

  it("points an annotated tag at a new commit, dropping its signature", () => {
    const repo = gitdir({ "a.txt": "a\n" });
    repo.git(["tag", "-a", "v1", "-m", "release one"]);
    const tag = raw(repo.dir, "tag", "v1");
    const head = repo.git(["rev-parse", "HEAD"]).stdout.trim();
    expect(tagTarget(tag)).toEqual({ object: head, type: "commit" });
    const other = "1".repeat(40);
    expect(retargetTag(tag, other).toString()).toBe(tag.toString().replace(head, other));
    const signed = Buffer.concat([tag, Buffer.from("-----BEGIN PGP SIGNATURE-----\n\nxyz\n-----END PGP SIGNATURE-----\n")]);
    expect(retargetTag(signed, other).toString()).toBe(tag.toString().replace(head, other));
  });
});

describe("rev-list output", () => {
  it("parses rev-list --parents lines (root, plain, merge)", () => {
    expect(parseParents("a\nb a\nc b d\n")).toEqual([
      { commit: "a", parents: [] },
      { commit: "b", parents: ["a"] },
      { commit: "c", parents: ["b", "d"] },
    ]);
  });
});

describe("the text a migration edits", () => {
  it("adds one anchored, escaped .gitignore line per file, once, keeping CRLF files CRLF", () => {
    expect(ignoreMigrated("node_modules\n", ["models/a b.bin", "x#.pt"])).toBe("node_modules\n/models/a\\ b.bin\n/x\\#.pt\n");
    expect(ignoreMigrated("dist\r\n/m.bin\r\n", ["m.bin", "n.bin"])).toBe("dist\r\n/m.bin\r\n/n.bin\r\n");
    expect(ignoreMigrated("", ["m.bin"])).toBe("/m.bin\n");
  });

  it("removes the filter=lfs lines of .gitattributes (all, or those of given patterns)", () => {
    const text = "# assets\n*.bin filter=lfs diff=lfs merge=lfs -text\n*.txt text eol=lf\n/data/*.csv filter=lfs diff=lfs merge=lfs -text\n";
    expect(withoutLfsLines(text)).toBe("# assets\n*.txt text eol=lf\n");
    expect(withoutLfsLines(text, ["*.bin"])).toBe("# assets\n*.txt text eol=lf\n/data/*.csv filter=lfs diff=lfs merge=lfs -text\n");
    expect(withoutLfsLines("*.txt text\n")).toBeUndefined();
    expect(isEmptyAttributes(withoutLfsLines("*.bin filter=lfs diff=lfs merge=lfs -text\n")!)).toBe(true);
    expect(isEmptyAttributes("# kept\n")).toBe(false);
  });
});
