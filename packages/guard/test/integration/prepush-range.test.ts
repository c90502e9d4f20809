import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ballast, gitdir, pseudoRandom, tempDir, type GitDir } from "@ballast/test-utils";
import { describe, expect, it } from "vitest";
import { checkPush } from "../../src/api/prepush.js";

const OID = "4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393";
const POINTER = `version https://git-lfs.github.com/spec/v1\noid sha256:${OID}\nsize 12345\n`;
const ZERO = "0".repeat(40);
/** A second, different pointer: rev-list names each blob once, so equal bytes at two paths are judged under one of them. */
const POINTER2 = POINTER.replace("size 12345", "size 54321");

const head = (repo: GitDir, rev = "HEAD") => repo.git(["rev-parse", rev]).stdout.trim();
const line = (local: string, sha: string, remoteSha = ZERO, remote = local) => `${local} ${sha} ${remote} ${remoteSha}\n`;
const rules = (findings: Array<{ rule: string; path: string }>) => findings.map((f) => `${f.rule}:${f.path}`).sort();

describe("checkPush: what a push adds, judged at the pushed commits", () => {
  it("reads .gitattributes from the pushed tip, not from the index or the working tree", async () => {
    const repo = gitdir({ "README.md": "x\n" });
    const base = head(repo);
    repo.commit("lfs for .dat", { ".gitattributes": "*.dat filter=lfs diff=lfs merge=lfs -text\n", "real.dat": pseudoRandom(2_000, "real"), "ptr.dat": POINTER });
    repo.git(["rm", "-q", "--cached", ".gitattributes"]); // the index no longer says filter=lfs
    const report = await checkPush({ cwd: repo.dir, remote: "origin", updates: line("refs/heads/main", head(repo), base) });
    // ptr.dat is a pointer at an LFS path (its made-up object is not here); real.dat is not a pointer.
    expect(rules(report.findings)).toEqual(["lfs-missing-object:ptr.dat", "lfs-not-pointer:real.dat"]);
  });

  it("a tag of a tree is judged with that tree's own .gitattributes, and whole: git sends a tagged tree whole", async () => {
    const repo = gitdir({ "README.md": "x\n" });
    const base = head(repo);
    const mk = (lines: string[]) => repo.git(["mktree"], { input: lines.join("") }).stdout.trim();
    const blob = (content: string | Buffer) => repo.git(["hash-object", "-w", "--stdin"], { input: content.toString("latin1") }).stdout.trim();
    const attrs = blob("*.bin filter=lfs diff=lfs merge=lfs -text\n");
    const real = blob(pseudoRandom(2_000, "real").toString("latin1"));
    const inner = mk([`100644 blob ${attrs}\t.gitattributes\n`, `100644 blob ${real}\treal.bin\n`, `100644 blob ${blob(POINTER)}\tp.bin\n`]);
    const tree = mk([`040000 tree ${inner}\tlfs\n`, `100644 blob ${blob(POINTER2)}\tDockerfile\n`]);
    repo.git(["tag", "snapshot", tree]);
    const report = await checkPush({ cwd: repo.dir, remote: "origin", updates: line("refs/heads/main", head(repo), base) + line("refs/tags/snapshot", tree) });
    // lfs/p.bin is a pointer where the tree's lfs/.gitattributes tracks *.bin: no finding there (its object is not the pre-push store's concern here).
    expect(rules(report.findings)).toEqual(["lfs-not-pointer:refs/tags/snapshot:lfs/real.bin", "lfs-pointer-untracked:refs/tags/snapshot:Dockerfile"]);
    expect(report.findings.every((f) => f.fix === "git tag -d snapshot" && f.commit === undefined)).toBe(true);
    // The tree of a commit the remote has: git's rev-list (what the push sends) lists a tagged
    // tree's objects even so, and ballast takes git's word for what is new.
    repo.commit("big", { "big.bin": pseudoRandom(2_000_000, "big") });
    repo.git(["tag", "old-tree", "HEAD^{tree}"]);
    const sent = execFileSync("git", ["rev-list", "--objects", head(repo, "HEAD^{tree}"), "--not", head(repo)], { cwd: repo.dir, encoding: "utf8" });
    expect(sent).toContain(" big.bin\n");
    const again = await checkPush({ cwd: repo.dir, remote: "origin", updates: line("refs/tags/old-tree", head(repo, "HEAD^{tree}")) + line("refs/heads/main", head(repo), head(repo)) });
    expect(rules(again.findings)).toEqual(["binary:refs/tags/old-tree:big.bin"]);
  });

  it("honours a .gitattributes in a sub-folder, for that folder only", async () => {
    const repo = gitdir({ "README.md": "x\n" });
    const base = head(repo);
    repo.commit("nested", { "assets/.gitattributes": "*.psd filter=lfs -text\n", "assets/art.psd": POINTER, "other/art.psd": POINTER2 });
    const report = await checkPush({ cwd: repo.dir, remote: "origin", updates: line("refs/heads/main", head(repo), base) });
    expect(rules(report.findings)).toEqual(["lfs-missing-object:assets/art.psd", "lfs-pointer-untracked:other/art.psd"]);
  });

  it("judges each pushed branch's files with the attributes some pushed tip gives them", async () => {
    const repo = gitdir({ "README.md": "x\n" });
    const base = head(repo);
    repo.git(["checkout", "-q", "-b", "lfs"]);
    const lfsTip = repo.commit("tracks bin", { ".gitattributes": "*.bin filter=lfs -text\n", "a.bin": POINTER });
    repo.git(["checkout", "-q", "-b", "plain", base]);
    const plainTip = repo.commit("pointer text, untracked", { "docker/Dockerfile": POINTER2 });
    const report = await checkPush({
      cwd: repo.dir,
      remote: "origin",
      updates: line("refs/heads/lfs", lfsTip) + line("refs/heads/plain", plainTip),
    });
    expect(rules(report.findings)).toEqual(["lfs-missing-object:a.bin", "lfs-pointer-untracked:docker/Dockerfile"]);
    expect(report.findings.find((f) => f.path === "docker/Dockerfile")!.commit).toBe(plainTip);
    expect(report.findings.find((f) => f.path === "a.bin")!.commit).toBe(lfsTip);
  });

  it("reads the attributes when a pushed ref names a blob, which git grep cannot read as a tree", async () => {
    const repo = gitdir({ "README.md": "x\n" });
    const base = head(repo);
    repo.commit("lfs for .bin", { ".gitattributes": "*.bin filter=lfs -text\n", "a.bin": POINTER, "b.txt": POINTER2 });
    const blob = head(repo, "HEAD:README.md");
    const report = await checkPush({ cwd: repo.dir, remote: "origin", updates: line("refs/heads/main", head(repo), base) + line("refs/tags/readme", blob) });
    expect(rules(report.findings)).toEqual(["lfs-missing-object:a.bin", "lfs-pointer-untracked:b.txt"]);
  });

  it("passes deletions at once, without opening the repository", async () => {
    const report = await checkPush({ cwd: tempDir(), remote: "origin", updates: line("(delete)", ZERO, "a".repeat(40), "refs/heads/gone") });
    expect(report.summary).toMatchObject({ checked: 0, blocked: false });
  });

  it("skips a remote sha it does not have (a force push over work never fetched)", async () => {
    const repo = gitdir({ "README.md": "x\n" });
    repo.commit("more", { "b.txt": "b\n" });
    const report = await checkPush({ cwd: repo.dir, remote: "origin", updates: line("refs/heads/main", head(repo), "b".repeat(40)) });
    expect(report.summary.blocked).toBe(false);
    expect(report.summary.checked).toBe(2);
  });

  it("refuses stdin it cannot read (exit 2 with the fix)", () => {
    const repo = gitdir({ "README.md": "x\n" });
    const run = ballast(["pre-push", "origin"], { cwd: repo.dir, input: "this is not a ref line\n" });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("fix:");
  });

  it("blocks the push (exit 2) when an S3 store refuses connections", () => {
    const repo = gitdir({ "README.md": "x\n" });
    const base = head(repo);
    const content = pseudoRandom(1000, "s3");
    const sha256 = createHash("sha256").update(content).digest("hex");
    repo.commit("reference", {
      ".ballastrc.json": JSON.stringify({ store: { url: "s3://models/prefix", endpoint: "http://127.0.0.1:9", forcePathStyle: true, region: "us-east-1", timeout: 2000 } }),
      "models/m.bin.ballast": `${JSON.stringify({ ballast: 1, path: "m.bin", sha256, size: 1000 }, null, 2)}\n`,
    });
    const run = ballast(["pre-push", "origin"], {
      cwd: repo.dir,
      input: line("refs/heads/main", head(repo), base),
      env: { AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test" },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/cannot be reached|ECONNREFUSED/);
    expect(run.stderr).toContain("fix:");
  });
});

describe("a constant number of git processes, whatever the size of the push", () => {
  /** A `git` on PATH that logs each call and runs the real one. */
  function countingGit(): { dir: string; log: string } {
    const dir = tempDir("ballast-shim-");
    const log = path.join(dir, "calls.log");
    const real = execFileSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).trim();
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "git"), `#!/bin/sh\necho "$1 $2" >> "${log}"\nexec "${real}" "$@"\n`);
    chmodSync(path.join(dir, "git"), 0o755);
    writeFileSync(log, "");
    return { dir, log };
  }

  it("runs the same git commands for 1 ref and 1 commit as for 60 refs over 60 commits", () => {
    const repo = gitdir({ "README.md": "x\n", ".gitattributes": "*.bin filter=lfs -text\n" });
    const base = head(repo);
    const shim = countingGit();
    const env = { PATH: `${shim.dir}${path.delimiter}${process.env.PATH}` };
    const calls = () => readFileSync(shim.log, "utf8").split("\n").filter(Boolean);

    repo.commit("one", { "a/one.txt": "1\n" });
    writeFileSync(shim.log, "");
    expect(ballast(["pre-push", "origin"], { cwd: repo.dir, env, input: line("refs/heads/main", head(repo), base) }).code).toBe(0);
    const small = calls();

    // 60 commits on 60 branches in one `git fast-import`.
    let stream = "";
    let input = "";
    for (let i = 0; i < 60; i++) {
      const data = `${i}\n`;
      stream += `commit refs/heads/b${i}\nmark :${i + 1}\ncommitter T <t@t.invalid> 1767225600 +0000\ndata 3\nc${i}\n`;
      stream += `from ${i === 0 ? head(repo) : `:${i}`}\nM 100644 inline d${i % 7}/f${i}.txt\ndata ${data.length}\n${data}\n`;
    }
    repo.git(["fast-import", "--quiet"], { input: stream });
    for (let i = 0; i < 60; i++) input += line(`refs/heads/b${i}`, head(repo, `refs/heads/b${i}`), i === 0 ? base : ZERO);
    writeFileSync(shim.log, "");
    expect(ballast(["pre-push", "origin"], { cwd: repo.dir, env, input }).code).toBe(0);
    const large = calls();
    expect(large).toEqual(small);
    expect(large.length).toBeLessThanOrEqual(8);
  });
});

describe("unresolved-reference follows the config", () => {
  /** A pushed reference and an S3 store on a closed port. */
  function unreachable(rule: "off" | "warn") {
    const repo = gitdir({ "README.md": "x\n" });
    const base = head(repo);
    repo.commit("reference", {
      ".ballastrc.json": JSON.stringify({
        rules: { "unresolved-reference": rule },
        store: { url: "s3://models/prefix", endpoint: "http://127.0.0.1:9", forcePathStyle: true, region: "us-east-1", timeout: 2000 },
      }),
      "models/m.bin.ballast": `${JSON.stringify({ ballast: 1, path: "m.bin", sha256: "c".repeat(64), size: 10 }, null, 2)}\n`,
    });
    const env = { AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test" };
    return ballast(["pre-push", "origin", "--json"], { cwd: repo.dir, input: line("refs/heads/main", head(repo), base), env });
  }

  it("off: storage is not asked at all, the push passes", () => {
    const run = unreachable("off");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).findings).toEqual([]);
  });

  it("warn (a fork that cannot reach the store): a warning per reference instead of exit 2", () => {
    const run = unreachable("warn");
    expect(run.code).toBe(0);
    const findings = JSON.parse(run.stdout).findings as Array<{ rule: string; severity: string; message: string }>;
    expect(findings).toEqual([expect.objectContaining({ rule: "unresolved-reference", severity: "warning" })]);
    expect(findings[0]!.message).toMatch(/could not be checked in storage/);
  });
});
