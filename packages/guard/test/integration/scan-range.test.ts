import { spawnSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ballast, BALLAST_BIN, gitdir, pseudoRandom, tempDir } from "@ballast/test-utils";
import { describe, expect, it } from "vitest";
import { history } from "./range-fixture.js";

type Json = { findings: Array<{ rule: string; path: string; commit?: string; fix?: string }>; summary: { checked: number; blocked: boolean } };
const json = (stdout: string) => JSON.parse(stdout) as Json;

describe("ballast scan", () => {
  it("judges a range, catching a blob added then deleted, naming the commit", () => {
    const { repo, base, added } = history();
    const run = ballast(["scan", "--range", `${base}..feature`, "--json"], { cwd: repo.dir });
    expect(run.code).toBe(1);
    expect(json(run.stdout).findings).toEqual([expect.objectContaining({ rule: "binary", path: "data/blob.bin", commit: added })]);
  });

  it("defaults to HEAD's history, and --all takes every ref", () => {
    const { repo, secret } = history();
    expect(json(ballast(["scan", "--json"], { cwd: repo.dir }).stdout).findings.map((f) => f.path)).toEqual(["data/blob.bin"]);
    const all = json(ballast(["scan", "--all", "--json"], { cwd: repo.dir }).stdout);
    expect(all.findings.map((f) => f.path).sort()).toEqual([".env", "data/blob.bin"]);
    expect(all.findings.find((f) => f.path === ".env")!.commit).toBe(secret);
  });

  it("--all also judges what tags of blobs and trees hold (in no commit); the printed fix clears it", () => {
    const { repo } = history();
    const blob = repo.git(["hash-object", "-w", "--stdin"], { input: "\0binary\n".repeat(300_000) }).stdout.trim();
    repo.git(["tag", "dump", blob]);
    const run = ballast(["scan", "--all", "--json"], { cwd: repo.dir });
    const dump = json(run.stdout).findings.filter((f) => f.path === "refs/tags/dump");
    expect(dump).toEqual([expect.objectContaining({ rule: "binary", fix: "git tag -d dump" })]);
    expect(dump[0]!.commit).toBeUndefined();
    expect(spawnSync("sh", ["-c", "git tag -d dump"], { cwd: repo.dir }).status).toBe(0);
    expect(json(ballast(["scan", "--all", "--json"], { cwd: repo.dir }).stdout).findings.map((f) => f.path)).not.toContain("refs/tags/dump");
  });

  it("a branch whose commit object is gone (a damaged repository, no remote) fails closed with git's words and the fsck words", () => {
    const { repo } = history();
    const tip = repo.git(["rev-parse", "feature"]).stdout.trim();
    rmSync(path.join(repo.dir, ".git", "objects", tip.slice(0, 2), tip.slice(2)), { force: true });
    const run = ballast(["scan", "--all", "--json"], { cwd: repo.dir });
    expect(run.code).toBe(2);
    const { error } = JSON.parse(run.stdout) as { error: { code: string; message: string; fix: string } };
    expect(error.code).toBe("GIT_FAILED");
    expect(error.message).toMatch(/^git log failed: bad object /);
    // No remote to download it from again (test/integration/damaged-clone.test.ts has one): words, and git fsck names it.
    expect(error.fix).toBe("this repository has no remote to download the objects from again: git fsck --full names what is lost; restore it from a backup or another clone");
    const fsck = spawnSync("git", ["fsck", "--full"], { cwd: repo.dir, encoding: "utf8" });
    expect(`${fsck.stdout}${fsck.stderr}`).toContain(tip);
  });

  it("--all leaves out ballast migrate's backup refs (never pushed) with a note, whose command deletes them", () => {
    const repo = gitdir({ "ballast.config.json": "{}\n" });
    repo.commit("model", { "model v1.bin": pseudoRandom(12_000_000) });
    expect(json(ballast(["scan", "--all", "--json"], { cwd: repo.dir }).stdout).findings.map((f) => f.path)).toEqual(["model v1.bin"]);
    const migrated = ballast(["migrate", "--everything", "model v1.bin"], { cwd: repo.dir });
    expect(migrated.code, migrated.stderr).toBe(0);
    expect(repo.git(["for-each-ref", "refs/ballast/"]).stdout).not.toBe("");
    const run = ballast(["scan", "--all"], { cwd: repo.dir });
    expect(run.code, run.stdout).toBe(0);
    const note = `${run.stdout}${run.stderr}`.split("\n").find((l) => l.includes("refs/ballast/"));
    expect(note).toBe(
      "1 ref under refs/ballast/ (the old tips ballast migrate keeps, to undo it) not scanned: git push never sends them. Once the rewrite is pushed, delete them: git for-each-ref --format='delete %(refname)' refs/ballast/ | git update-ref --stdin",
    );
    // The note's command, as printed: the refs are gone, and so is the note.
    expect(spawnSync("sh", ["-c", note!.slice(note!.indexOf("delete them: ") + "delete them: ".length)], { cwd: repo.dir }).status).toBe(0);
    expect(repo.git(["for-each-ref", "refs/ballast/"]).stdout).toBe("");
    const again = ballast(["scan", "--all"], { cwd: repo.dir });
    expect(again.code).toBe(0);
    expect(`${again.stdout}${again.stderr}`).not.toContain("refs/ballast/");
  });

  it("with --config FILE (a CI's stricter policy), the history fix names the files: the developer's own config would migrate nothing", () => {
    const repo = gitdir({ "README.md": "x\n", "ballast.config.json": JSON.stringify({ store: "file://../store", rules: { binary: "off" }, limits: { warn: "10 MB", block: "20 MB" } }) });
    const base = repo.git(["rev-parse", "HEAD"]).stdout.trim();
    repo.commit("model", { "m.bin": pseudoRandom(2_000_000) });
    const ci = path.join(tempDir("ballast-ci-"), "ci.json");
    writeFileSync(ci, JSON.stringify({ extends: ["recommended"] }));
    const run = ballast(["scan", "--range", `${base}..HEAD`, "--config", ci, "--json"], { cwd: repo.dir });
    expect(run.code).toBe(1);
    expect(json(run.stdout).findings.map((f) => f.fix)).toEqual(["npx ballast migrate m.bin"]);
    // A plain migrate, with the developer's own config, finds nothing; the printed one does.
    expect(ballast(["migrate", "--dry-run"], { cwd: repo.dir }).stdout).toContain("nothing to migrate");
    expect(ballast(["migrate", "m.bin"], { cwd: repo.dir }).code).toBe(0);
    expect(ballast(["scan", "--range", `${base}..HEAD`, "--config", ci], { cwd: repo.dir }).code).toBe(0);
  });

  it("in CI (CI=true), every scanned commit counts as pushed: the fix rewrites it everywhere, which a plain migrate would not", () => {
    const { repo, base } = history();
    const local = json(ballast(["scan", "--range", `${base}..feature`, "--json"], { cwd: repo.dir }).stdout).findings;
    expect(local.map((f) => f.fix)).toEqual(["npx ballast migrate"]);
    const ci = json(ballast(["scan", "--range", `${base}..feature`, "--json"], { cwd: repo.dir, env: { CI: "true" } }).stdout).findings;
    expect(ci.map((f) => f.fix)).toEqual(["npx ballast migrate --everything data/blob.bin"]);
  });

  it("passes a clean range", () => {
    const { repo, base } = history();
    const run = ballast(["scan", "--range", `${base}..side~1`], { cwd: repo.dir });
    expect(run.code).toBe(0);
  });

  it("refuses a range the repository does not have, and --range with --all (exit 2 with the fix)", () => {
    const { repo } = history();
    const bad = ballast(["scan", "--range", "nope..HEAD"], { cwd: repo.dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("origin/main..HEAD");
    expect(ballast(["scan", "--range", "HEAD", "--all"], { cwd: repo.dir }).code).toBe(2);
    expect(ballast(["scan", "--range=--output=/tmp/x"], { cwd: repo.dir }).code).toBe(2);
  });

  it("refuses a full commit id the repository does not have, on either side of the range (rev-parse passes it unread)", () => {
    const { repo } = history();
    const missing = "1234567890123456789012345678901234567890";
    for (const range of [`${missing}..HEAD`, `HEAD..${missing}`, missing]) {
      const run = ballast(["scan", "--range", range, "--json"], { cwd: repo.dir });
      expect(run.code, range).toBe(2);
      expect(JSON.parse(run.stdout).error).toEqual({ code: "BAD_ARGUMENTS", message: `"${range}" is not a range of revisions this repository has`, fix: "pass a range such as origin/main..HEAD, or --all", problems: [] });
    }
  });
});

describe("ballast scan on a terminal", () => {
  // `script` gives ballast a pseudo-terminal, as a developer's shell would.
  it.skipIf(spawnSync("script", ["--version"]).status !== 0)("shows progress on stderr, and none when stderr is not a terminal", () => {
    const { repo } = history();
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(BALLAST_BIN)} scan --all`;
    const tty = spawnSync("script", ["-qec", command, "/dev/null"], { cwd: repo.dir, encoding: "utf8", env: { ...process.env, TERM: "dumb" } });
    expect(tty.stdout).toMatch(/ballast: (walking history|judging) \d+ blobs/);
    expect(tty.stdout).toContain("data/blob.bin");
    const piped = ballast(["scan", "--all"], { cwd: repo.dir });
    expect(piped.stderr).not.toMatch(/walking history|judging/);
  });
});
