import { execFileSync } from "node:child_process";
import { readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ballast, gitdir, pseudoRandom, tempDir, type GitDir } from "@ballast/test-utils";
import { describe, expect, it } from "vitest";
import { checkPush } from "../../src/api/prepush.js";
import { checkRange } from "../../src/api/scan.js";
import { pointer, sha } from "./fixtures.js";

const LFS = "*.bin filter=lfs diff=lfs merge=lfs -text\n";
const found = (findings: Array<{ rule: string; path: string; commit?: string }>) => findings.map((f) => `${f.rule} ${f.path} ${f.commit?.slice(0, 7)}`).sort();
const update = (repo: GitDir, remoteSha: string, ref = "refs/heads/main") => `${ref} ${sha(repo)} ${ref} ${remoteSha}\n`;
const push = (repo: GitDir, updates: string) => checkPush({ cwd: repo.dir, remote: "origin", updates });

/** A repository whose remote (refs/remotes/origin/main, as a fetch leaves it) has `tree` on main. */
function pushed(tree: Record<string, string | Buffer>): { repo: GitDir; base: string } {
  const repo = gitdir(tree);
  const base = sha(repo);
  repo.git(["update-ref", "refs/remotes/origin/main", base]);
  return { repo, base };
}

describe("pre-push judges each pushed commit with its own .gitattributes, the remote's read where they start", () => {
  it("a pushed commit that drops LFS tracking while pointers stay is blocked, at that commit", async () => {
    const { repo, base } = pushed({ ".gitattributes": LFS, "m/a.bin": pointer(1), "m/b.bin": pointer(2) });
    repo.git(["rm", "-q", ".gitattributes"]);
    const dropped = repo.commit("drop lfs");
    const report = await push(repo, update(repo, base));
    expect(found(report.findings)).toEqual([`lfs-pointer-untracked m/a.bin ${dropped.slice(0, 7)}`, `lfs-pointer-untracked m/b.bin ${dropped.slice(0, 7)}`]);
  });

  it("the remote's top .gitattributes defines a macro, a pushed commit adds a nested one: git's answers keep the macro", async () => {
    // Two sets of files (top; top + data/) put two questions to git; a top file with an
    // [attr] macro must be asked on its own (attributes.ts), so its text has to be read
    // before git is asked, though only the remote's commit holds it.
    const { repo, base } = pushed({ ".gitattributes": "[attr]lfsfile filter=lfs diff=lfs merge=lfs -text\n*.psd lfsfile\n", "README.md": "x\n" });
    const data = repo.commit("data: track bin", { "data/.gitattributes": LFS, "data/a.bin": pointer(31) });
    const art = repo.commit("art", { "art/x.psd": pointer(32), "art/y.psd": pseudoRandom(1_700, "y") });
    // x.psd is LFS by the macro: its object is missing here (no lfs-pointer-untracked); y.psd is real content at an LFS path.
    expect(found((await push(repo, update(repo, base))).findings)).toEqual([
      `lfs-missing-object art/x.psd ${art.slice(0, 7)}`,
      `lfs-missing-object data/a.bin ${data.slice(0, 7)}`,
      `lfs-not-pointer art/y.psd ${art.slice(0, 7)}`,
    ]);
  });

  it("a pushed commit that starts tracking *.bin flags the real .bin already on the remote, not the files elsewhere", async () => {
    const { repo, base } = pushed({ "m/real.bin": pseudoRandom(3_000, "real"), "m/notes.txt": "x\n" });
    const tracked = repo.commit("track bin", { ".gitattributes": LFS });
    expect(found((await push(repo, update(repo, base))).findings)).toEqual([`lfs-not-pointer m/real.bin ${tracked.slice(0, 7)}`]);
  });

  it("merging the remote's main (which started tracking) into a feature with a real .bin: flagged at the merge; an unrelated merge adds nothing", async () => {
    const { repo } = pushed({ "README.md": "x\n" });
    repo.git(["checkout", "-q", "-b", "feature"]);
    repo.commit("weights", { "w/real.bin": pseudoRandom(3_000, "w") });
    repo.git(["checkout", "-q", "main"]);
    const main = repo.commit("track bin", { ".gitattributes": LFS, "w/p.bin": pointer(3) });
    repo.git(["update-ref", "refs/remotes/origin/main", main]);
    repo.git(["checkout", "-q", "feature"]);
    repo.git(["merge", "-q", "--no-edit", "main"]);
    const merge = sha(repo);
    const report = await push(repo, update(repo, "0".repeat(40), "refs/heads/feature"));
    expect(found(report.findings)).toEqual([`lfs-not-pointer w/real.bin ${merge.slice(0, 7)}`]);

    // Both sides with the same attributes: the merge brings nothing to judge again.
    repo.git(["checkout", "-q", "-b", "other", main]);
    repo.commit("other", { "o.txt": "o\n" });
    repo.git(["checkout", "-q", "-b", "topic", main]);
    repo.commit("topic", { "t.txt": "t\n" });
    repo.git(["merge", "-q", "--no-edit", "other"]);
    expect((await push(repo, update(repo, "0".repeat(40), "refs/heads/topic"))).findings).toEqual([]);
  });

  it("a merge that keeps a file only the other side had is judged by that side's attributes, not this side's", async () => {
    // The remote holds an untracked pointer (old news). main starts tracking *.bin and drops
    // the file; the merge with a topic that kept it takes the topic's view: no tracking, the
    // file unchanged. Nothing about it is new, though main's layout would call it LFS.
    const { repo, base } = pushed({ "old/p.bin": pointer(41), "README.md": "x\n" });
    repo.git(["checkout", "-q", "-b", "topic"]);
    repo.commit("topic", { "t.txt": "t\n" });
    repo.git(["checkout", "-q", "main"]);
    repo.git(["rm", "-q", "old/p.bin"]);
    repo.commit("track bin, drop the old pointer", { ".gitattributes": LFS });
    repo.git(["merge", "-q", "--no-commit", "-s", "ours", "topic"]);
    repo.git(["read-tree", "-m", "-u", "topic"]);
    repo.git(["commit", "-q", "--no-verify", "-m", "merge: the topic's files"]);
    expect(repo.git(["ls-tree", "-r", "--name-only", "HEAD"]).stdout.split("\n").filter(Boolean)).toEqual(["README.md", "old/p.bin", "t.txt"]);
    expect(found((await push(repo, update(repo, base))).findings)).toEqual([]);
  });

  it("the same finding twice (a retracked file, then that file added again): named at the earlier commit", async () => {
    const { repo, base } = pushed({ "README.md": "x\n" });
    repo.git(["checkout", "-q", "-b", "topic"]);
    const real = pseudoRandom(3_000, "again");
    repo.commit("weights", { "w/real.bin": real });
    repo.git(["checkout", "-q", "main"]);
    repo.commit("track bin", { ".gitattributes": LFS });
    repo.git(["merge", "-q", "--no-edit", "topic"]);
    const merge = sha(repo);
    repo.git(["rm", "-q", "w/real.bin"]);
    repo.commit("drop it");
    repo.commit("add it again", { "w/real.bin": real });
    const report = await push(repo, update(repo, base));
    expect(found(report.findings).filter((f) => f.startsWith("lfs-not-pointer"))).toEqual([`lfs-not-pointer w/real.bin ${merge.slice(0, 7)}`]);
  });

  it("a .gitattributes that is a symbolic link counts by its link text, as git reads it from the index", async () => {
    const { repo, base } = pushed({ "README.md": "x\n" });
    repo.write({ "d/real.bin": pseudoRandom(2_000, "sl") });
    symlinkSync("*.bin filter=lfs", path.join(repo.dir, "d/.gitattributes"));
    const added = repo.commit("a link as attributes");
    expect(repo.git(["ls-files", "-s", "d/.gitattributes"]).stdout).toMatch(/^120000 /);
    // git is the oracle: from the index it reads the link's text as the file.
    expect(repo.git(["check-attr", "--cached", "filter", "d/real.bin"]).stdout.trim()).toBe("d/real.bin: filter: lfs");
    expect(found((await push(repo, update(repo, base))).findings)).toEqual([`lfs-not-pointer d/real.bin ${added.slice(0, 7)}`]);
  });

  it("a merge of two layouts whose own top .gitattributes is a symbolic link: its files are judged by it", async () => {
    const { repo, base } = pushed({ "data/t.dat": pseudoRandom(1_200, "dat"), "README.md": "x\n" });
    repo.git(["checkout", "-q", "-b", "side"]);
    repo.commit("side", { "sub/.gitattributes": "*.txt text\n" });
    repo.git(["checkout", "-q", "main"]);
    repo.commit("main", { "m.txt": "m\n" });
    repo.git(["merge", "-q", "--no-commit", "side"]);
    symlinkSync("*.dat filter=lfs", path.join(repo.dir, ".gitattributes"));
    const merge = repo.commit("merge, tracking *.dat");
    expect(repo.git(["check-attr", "--cached", "filter", "data/t.dat"]).stdout.trim()).toBe("data/t.dat: filter: lfs");
    expect(found((await push(repo, update(repo, base))).findings)).toEqual([`lfs-not-pointer data/t.dat ${merge.slice(0, 7)}`]);
  });

  it("a folder whose name holds a newline keeps its .gitattributes: read at a push's boundary and in a merge, no hang", () => {
    // Such a path cannot be a line of `git cat-file --batch`; asked as one, git answered two
    // questions and the reader waited forever.
    const dir = "x\ny";
    const repo = gitdir({ [`${dir}/.gitattributes`]: LFS, [`${dir}/a.bin`]: pseudoRandom(1_500, "nl-a"), "r.txt": "r\n" });
    const root = sha(repo);
    repo.git(["checkout", "-q", "-b", "side"]);
    repo.commit("side", { ".gitattributes": "*.dat filter=lfs\n" });
    repo.git(["checkout", "-q", "main"]);
    repo.commit("main", { "m.txt": "m\n" });
    repo.git(["merge", "-q", "--no-edit", "side"]);
    const after = repo.commit("after", { [`${dir}/b.bin`]: pseudoRandom(1_500, "nl-b") });
    const scan = (range: string[]) => {
      const run = ballast(["scan", ...range, "--json"], { cwd: repo.dir, timeout: 20_000 });
      expect(run.code, run.stderr).toBe(1);
      return found((JSON.parse(run.stdout) as { findings: Array<{ rule: string; path: string; commit: string }> }).findings);
    };
    expect(scan(["--all"])).toEqual([`lfs-not-pointer x\ny/a.bin ${root.slice(0, 7)}`, `lfs-not-pointer x\ny/b.bin ${after.slice(0, 7)}`]);
    expect(scan(["--range", "HEAD~1..HEAD"])).toEqual([`lfs-not-pointer x\ny/b.bin ${after.slice(0, 7)}`]);
  });

  it("a config that loads after git has sized every blob still has their heads read and judged", () => {
    const { repo, base } = pushed({ "README.md": "x\n" });
    repo.commit("pointer and a slow config", { Dockerfile: pointer(8), "ballast.config.mjs": "await new Promise((r) => setTimeout(r, 1500));\nexport default { extends: 'recommended' };\n" });
    const run = ballast(["pre-push", "origin"], { cwd: repo.dir, input: update(repo, base) });
    expect(run.stderr).not.toContain("internal error");
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).toContain("lfs-pointer-untracked");
  });

  it("$GIT_DIR/info/attributes counts, patterns with a slash included", async () => {
    const repo = gitdir({ "README.md": "x\n" });
    const base = sha(repo);
    writeFileSync(path.join(repo.dir, ".git", "info", "attributes"), "*.bin filter=lfs\n/models/*.onnx filter=lfs\n");
    const added = repo.commit("files", { "a.bin": pseudoRandom(2_000, "a"), "p.bin": pointer(4), "models/m.onnx": pseudoRandom(2_000, "m"), "other/m.onnx": pointer(5) });
    const short = added.slice(0, 7);
    expect(found((await push(repo, update(repo, base))).findings)).toEqual([
      `lfs-missing-object p.bin ${short}`,
      `lfs-not-pointer a.bin ${short}`,
      `lfs-not-pointer models/m.onnx ${short}`,
      `lfs-pointer-untracked other/m.onnx ${short}`,
    ]);
  });

  it("a history whose .gitattributes name no lfs at all asks git nothing about attributes", async () => {
    const repo = gitdir({ ".gitattributes": "*.txt text eol=lf\n", "a.txt": "a\n", "d/.gitattributes": "*.md diff\n", "d/p.md": pointer(6) });
    repo.commit("more", { "d/q.md": "q\n", ".gitattributes": "*.txt text\n" });
    const report = await checkRange({ cwd: repo.dir, all: true });
    expect(found(report.findings)).toEqual([`lfs-pointer-untracked d/p.md ${sha(repo, "HEAD~1").slice(0, 7)}`]);
    // The same through the CLI, with a git on PATH that logs what it is asked.
    const shim = tempDir("ballast-shim-");
    const log = path.join(shim, "calls.log");
    const real = execFileSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).trim();
    writeFileSync(path.join(shim, "git"), `#!/bin/sh\necho "$*" >> "${log}"\nexec "${real}" "$@"\n`, { mode: 0o755 });
    expect(ballast(["scan", "--all"], { cwd: repo.dir, env: { PATH: `${shim}${path.delimiter}${process.env.PATH}` } }).code).toBe(1);
    const calls = readFileSync(log, "utf8");
    expect(calls).toContain(" log ");
    expect(calls).not.toMatch(/check-attr|update-index|ls-tree|grep/);
  });
});
