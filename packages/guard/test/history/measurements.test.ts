import { ballast, gitdir, installHook, pseudoRandom, type GitDir } from "@ballast/test-utils";
import { describe, expect, it } from "vitest";
import { pointerOnRemote, sha } from "./fixtures.js";

type Json = { findings: Array<{ rule: string; path: string; commit?: string; severity: string }>; summary: { checked: number; blocked: boolean }; audit?: Audit };
type Audit = { blobs: number; bytes: number; largest: Array<{ path: string; size: number }>; byExtension: Array<{ name: string }> };
const json = (stdout: string) => JSON.parse(stdout) as Json;
const rules = (stdout: string) => json(stdout).findings.map((f) => `${f.rule} ${f.path}`);
const pushLine = (repo: GitDir, remoteSha: string) => `refs/heads/main ${sha(repo)} refs/heads/main ${remoteSha}\n`;

describe("a pointer already on the remote, re-added as Dockerfile (issue 11, measurement 3)", () => {
  it("is blocked by check when staged, by pre-push through a real git push, and by scan --range", () => {
    const { repo, remote } = pointerOnRemote();
    expect(rules(ballast(["check", "--json"], { cwd: repo.dir }).stdout)).toEqual(["lfs-pointer-untracked Dockerfile"]);
    repo.git(["commit", "-q", "--no-verify", "-m", "docker"]);
    const scan = ballast(["scan", "--range", "origin/main..HEAD", "--json"], { cwd: repo.dir });
    expect(scan.code).toBe(1);
    expect(json(scan.stdout).findings).toEqual([expect.objectContaining({ rule: "lfs-pointer-untracked", path: "Dockerfile", commit: sha(repo) })]);

    installHook(repo.dir, "pre-push");
    const before = remote.git(["rev-parse", "main"]).stdout;
    const push = repo.git(["push", "origin", "main"], { allowFail: true });
    expect(push.status).not.toBe(0);
    expect(push.stdout + push.stderr).toContain("lfs-pointer-untracked");
    expect(push.stdout + push.stderr).toMatch(/Dockerfile .*in commit/);
    expect(remote.git(["rev-parse", "main"]).stdout).toBe(before);
  });
});

describe("only blobs are blobs (measurement 5)", () => {
  it("an annotated tag with a 1.5 MB message and a tag named key.pem are never weighed, listed or judged", () => {
    const repo = gitdir({ "a.txt": "hello\n" });
    repo.git(["tag", "-a", "v1.0", "-F", "-"], { input: "x".repeat(1_500_000) });
    repo.git(["tag", "-a", "key.pem", "-m", "not a key"]);
    const audit = json(ballast(["audit", "--json"], { cwd: repo.dir }).stdout).audit!;
    expect(audit.blobs).toBe(1);
    expect(audit.largest.map((e) => e.path)).toEqual(["a.txt"]);
    expect(audit.byExtension.map((b) => b.name)).toEqual([".txt"]);
    const scan = ballast(["scan", "--all", "--json"], { cwd: repo.dir });
    expect(scan.code).toBe(0);
    expect(json(scan.stdout).summary.checked).toBe(1);
    const pushTags = `refs/tags/v1.0 ${sha(repo, "v1.0")} refs/tags/v1.0 ${"0".repeat(40)}\nrefs/tags/key.pem ${sha(repo, "key.pem")} refs/tags/key.pem ${"0".repeat(40)}\n`;
    expect(ballast(["pre-push", "origin"], { cwd: repo.dir, input: pushTags }).code).toBe(0);
  });
});

describe("moves add no weight; path rules still judge the new path (measurement 8)", () => {
  function committedBigFile() {
    const remote = gitdir({}, { bare: true });
    const repo = gitdir({ ".ballastrc.json": JSON.stringify({ forbidden: [".env"] }), "data/a.bin": pseudoRandom(12_000_000, "big"), "notes.txt": "TOKEN=x\n" });
    repo.git(["remote", "add", "origin", remote.dir]);
    repo.git(["push", "-q", "--no-verify", "origin", "main"]);
    return { repo, pushed: sha(repo) };
  }

  it("git mv of a committed 12 MB file passes pre-commit, pre-push and scan --range; a copy passes too", () => {
    const { repo, pushed } = committedBigFile();
    repo.git(["mv", "data/a.bin", "data/b.bin"]);
    expect(ballast(["pre-commit"], { cwd: repo.dir }).code).toBe(0);
    repo.git(["commit", "-q", "--no-verify", "-m", "move"]);
    repo.write({ "data/c.bin": pseudoRandom(12_000_000, "big") });
    repo.git(["add", "data/c.bin"]);
    expect(ballast(["check"], { cwd: repo.dir }).code).toBe(0);
    repo.git(["commit", "-q", "--no-verify", "-m", "copy"]);
    expect(ballast(["pre-push", "origin"], { cwd: repo.dir, input: pushLine(repo, pushed) }).code).toBe(0);
    expect(ballast(["scan", "--range", "origin/main..HEAD"], { cwd: repo.dir }).code).toBe(0);
    // The history as a whole still says where the weight came in: the first commit.
    const all = json(ballast(["scan", "--all", "--json"], { cwd: repo.dir }).stdout).findings;
    expect(all.map((f) => `${f.rule} ${f.path} ${f.commit}`)).toEqual([`size data/a.bin ${pushed}`]);
  });

  it("a file moved to a forbidden path is blocked there, in pre-commit and in pre-push", () => {
    const { repo, pushed } = committedBigFile();
    repo.git(["mv", "notes.txt", ".env"]);
    expect(rules(ballast(["pre-commit", "--json"], { cwd: repo.dir }).stdout)).toEqual(["forbidden .env"]);
    repo.git(["commit", "-q", "--no-verify", "-m", "env"]);
    const push = ballast(["pre-push", "origin", "--json"], { cwd: repo.dir, input: pushLine(repo, pushed) });
    expect(push.code).toBe(1);
    expect(rules(push.stdout)).toEqual(["forbidden .env"]);
  });

  it("a big file new to the repository is still blocked, by pre-commit and pre-push", () => {
    const { repo, pushed } = committedBigFile();
    repo.write({ "data/new.bin": pseudoRandom(12_000_000, "other") });
    repo.git(["add", "data/new.bin"]);
    expect(ballast(["pre-commit"], { cwd: repo.dir }).code).toBe(1);
    repo.git(["commit", "-q", "--no-verify", "-m", "new"]);
    expect(ballast(["pre-push", "origin"], { cwd: repo.dir, input: pushLine(repo, pushed) }).code).toBe(1);
  });
});
