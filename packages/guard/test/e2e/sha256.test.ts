import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { BALLAST_BIN, ballast, pseudoRandom, tempDir } from "@ballast/test-utils";
import { describe, expect, it } from "vitest";
import { POINTER, remoteLines } from "./receive-fixture.js";

// git's SHA-256 repositories (`--object-format=sha256`, 64-hex ids in every answer) get the
// same verdicts as SHA-1 ones: from the pre-commit and pre-push hooks, `scan`, and a
// server's pre-receive hook. Every id ballast parses (cat-file, diff, log --raw, ls-tree)
// is 64 hex digits here.

function git(cwd: string, args: string[]): string {
  const r = spawnSync("git", args, { cwd, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  return r.stdout.trim();
}

function sha256Repo(bare: boolean): string {
  const dir = path.join(tempDir("ballast-sha256-"), bare ? "repo.git" : "repo");
  spawnSync("git", ["init", "-q", ...(bare ? ["--bare"] : []), "--object-format=sha256", "-b", "main", dir]);
  if (!bare) {
    git(dir, ["config", "user.email", "t@example.com"]);
    git(dir, ["config", "user.name", "t"]);
    const hooks = path.join(tempDir("ballast-no-hooks-"), "hooks");
    mkdirSync(hooks);
    git(dir, ["config", "core.hooksPath", hooks]);
  }
  return dir;
}

const rules = (stdout: string) => (JSON.parse(stdout) as { findings: Array<{ rule: string; path: string }> }).findings.map((f) => `${f.rule} ${f.path}`).sort();

describe("a SHA-256 repository is judged as a SHA-1 one", () => {
  it("pre-commit, pre-push, scan and a server's pre-receive hook find the pointer Dockerfile and the binary", () => {
    const work = sha256Repo(false);
    writeFileSync(path.join(work, "README.md"), "# bot\n");
    git(work, ["add", "README.md"]);
    git(work, ["commit", "-q", "-m", "init"]);
    const base = git(work, ["rev-parse", "HEAD"]);
    expect(base).toMatch(/^[0-9a-f]{64}$/);

    // pre-commit: the staged binary.
    writeFileSync(path.join(work, "Dockerfile"), POINTER);
    writeFileSync(path.join(work, "model.bin"), pseudoRandom(3_000_000, "sha256"));
    git(work, ["add", "Dockerfile", "model.bin"]);
    const staged = ballast(["pre-commit", "--json"], { cwd: work });
    expect(staged.code, staged.stderr).toBe(1);
    expect(rules(staged.stdout)).toEqual(["binary model.bin", "lfs-pointer-untracked Dockerfile"]);
    git(work, ["commit", "-q", "-m", "model", "--no-verify"]);
    const tip = git(work, ["rev-parse", "HEAD"]);

    // The server: a bare SHA-256 repository whose hook runs receive (GIT_DIR=., as git sets it).
    const server = sha256Repo(true);
    writeFileSync(path.join(server, "hooks", "pre-receive"), `#!/bin/sh\nexec "${process.execPath}" "${BALLAST_BIN}" receive\n`, { mode: 0o755 });
    git(work, ["remote", "add", "origin", server]);
    const first = spawnSync("git", ["push", "origin", `${base}:refs/heads/main`], { cwd: work, encoding: "utf8" });
    expect(first.status, first.stderr).toBe(0);
    git(work, ["fetch", "-q", "origin"]);

    // pre-push: git's line for the push of the tip over the server's main.
    const pushed = ballast(["pre-push", "origin", server, "--json"], { cwd: work, input: `refs/heads/main ${tip} refs/heads/main ${base}\n` });
    expect(pushed.code, pushed.stderr).toBe(1);
    expect(rules(pushed.stdout)).toEqual(["binary model.bin", "lfs-pointer-untracked Dockerfile"]);

    const scanned = ballast(["scan", "--range", `${base}..${tip}`, "--json"], { cwd: work });
    expect(rules(scanned.stdout)).toEqual(["binary model.bin", "lfs-pointer-untracked Dockerfile"]);

    // receive: refused with both files named, the server's main where it was.
    const refused = spawnSync("git", ["push", "origin", "HEAD:refs/heads/main"], { cwd: work, encoding: "utf8" });
    expect(refused.status).not.toBe(0);
    const lines = remoteLines(refused.stderr);
    expect(lines[0]).toBe("ballast: push refused: 2 files must not enter this repository");
    expect(lines.some((l) => l.startsWith("✖ model.bin (binary"))).toBe(true);
    expect(lines.some((l) => l.startsWith("✖ Dockerfile (lfs-pointer-untracked"))).toBe(true);
    expect(git(server, ["rev-parse", "refs/heads/main"])).toBe(base);
  });
});
