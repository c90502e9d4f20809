import { spawnSync } from "node:child_process";
import { ballast, pseudoRandom, tempDir, type GitDir } from "@ballast/test-utils";
import { describe, expect, it } from "vitest";
import { push, pushSetup } from "../e2e/prepush-fixture.js";
import { installBin } from "./init-fixture.js";

/**
 * What `ballast migrate` refuses (exit 2, nothing changed), each refusal's fix run as
 * printed, and the run that follows.
 */
function setup(): GitDir {
  const { repo } = pushSetup({ ".ballastrc.json": JSON.stringify({ extends: ["recommended"], store: `file://${tempDir("ballast-store-")}` }) });
  repo.commit("model", { "m.bin": pseudoRandom(2_000_000, "safety") });
  return repo;
}
const refs = (repo: GitDir) => repo.git(["for-each-ref"]).stdout;
const fixOf = (output: string) => /fix: (.+)$/m.exec(output)?.[1] ?? "";
/** Run a printed command in the repository, as a user pastes it into a shell. */
const sh = (repo: GitDir, command: string) => spawnSync("sh", ["-c", command], { cwd: repo.dir, encoding: "utf8" });

function refused(repo: GitDir, args: string[], words: string): string {
  const before = refs(repo);
  const result = ballast(["migrate", ...args], { cwd: repo.dir });
  expect(result.code, result.output).toBe(2);
  expect(result.stderr).toContain(words);
  expect(refs(repo)).toBe(before);
  return fixOf(result.stderr);
}

describe("ballast migrate refuses, and says what to do", () => {
  it("uncommitted changes to tracked files (untracked files are fine)", () => {
    const repo = setup();
    repo.write({ "README.md": "changed\n", "scratch.txt": "untracked\n" });
    expect(refused(repo, [], "uncommitted changes (README.md)")).toBe("commit them or put them aside (git stash), then run the command again");
    repo.git(["stash", "-q"]);
    expect(ballast(["migrate"], { cwd: repo.dir }).code).toBe(0);
    repo.git(["stash", "pop", "-q"]);
    expect(repo.git(["status", "--porcelain"]).stdout).toBe(" M README.md\n?? scratch.txt\n");
  });

  it("the middle of a merge", () => {
    const repo = setup();
    repo.git(["checkout", "-q", "-b", "side", "HEAD~1"]);
    repo.commit("side", { "README.md": "side\n" });
    repo.git(["checkout", "-q", "main"]);
    repo.commit("main", { "README.md": "main\n" });
    expect(repo.git(["merge", "side"], { allowFail: true }).status).not.toBe(0);
    // Only the abort that applies.
    expect(refused(repo, [], "in the middle of a merge")).toBe("finish it or abort it (git merge --abort), then run the command again");
    repo.git(["merge", "--abort"]);
    expect(ballast(["migrate"], { cwd: repo.dir }).code).toBe(0);
  });

  it("a detached HEAD", () => {
    const repo = setup();
    repo.git(["checkout", "-q", "--detach"]);
    const head = repo.git(["rev-parse", "HEAD"]).stdout.trim();
    const fix = refused(repo, [], "HEAD is detached");
    expect(fix).toMatch(new RegExp(`^git switch -c rewrite-${head.slice(0, 8)}, then run the command again`));
    // The command before ", then": a branch where HEAD is, and migrate runs.
    repo.git(fix.slice(0, fix.indexOf(",")).split(" ").slice(1));
    expect(repo.git(["rev-parse", "HEAD"]).stdout.trim()).toBe(head);
    expect(ballast(["migrate"], { cwd: repo.dir }).code).toBe(0);
  });

  it("a PATH already in pushed commits: the printed --everything fix rewrites them, and its force-push commands pass", () => {
    const { repo, remote } = pushSetup({ ".ballastrc.json": JSON.stringify({ extends: ["recommended"], store: `file://${tempDir("ballast-store-")}` }) });
    repo.commit("old model", { "models/old.bin": pseudoRandom(300_000, "old") });
    expect(push(repo, ["origin", "main"]).status).toBe(0);
    repo.commit("unpushed", { "a.txt": "a\n" });
    const fix = refused(repo, ["models/old.bin"], "models/old.bin is in commit");
    expect(fix).toBe("npx ballast migrate --everything models/old.bin");
    repo.write({ ".git/info/exclude": "node_modules\n" });
    installBin(repo.dir);
    const fixed = sh(repo, fix);
    expect(fixed.status, fixed.stdout + fixed.stderr).toBe(0);
    const commands = fixed.stdout.split("\n").filter((l) => l.trim().startsWith("git push"));
    expect(commands).toEqual(["  git push --force-with-lease origin main"]);
    expect(fixed.stdout).toContain("GitHub refuses a single push over 2 GB");
    for (const command of commands) expect(sh(repo, command.trim()).status).toBe(0);
    const remoteTree = remote.git(["ls-tree", "-r", "--name-only", "main"]).stdout;
    expect(remoteTree).toContain("models/old.bin.ballast");
    expect(remoteTree).not.toMatch(/models\/old\.bin\n/);
  });

  it("bad arguments: a PATH outside the repository, an unknown option", () => {
    const repo = setup();
    expect(refused(repo, ["../elsewhere.bin"], "is outside the repository")).toContain("npx ballast migrate");
    expect(ballast(["migrate", "--everythin"], { cwd: repo.dir }).code).toBe(2);
  });

  it("no store configured: the run says so before the push, and doing what it says lets the push through", () => {
    const { repo } = pushSetup({ ".ballastrc.json": JSON.stringify({ extends: ["recommended"] }) });
    repo.commit("model", { "m.bin": pseudoRandom(2_000_000, "no-store") });
    const run = ballast(["migrate"], { cwd: repo.dir, env: { BALLAST_STORE: "" } });
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain("no store is configured yet");
    // Without a store, the push stops (pre-push cannot upload), with the same advice.
    const stopped = push(repo, ["origin", "main"], { BALLAST_STORE: "" });
    expect(stopped.status).not.toBe(0);
    expect(stopped.output).toContain("no store is configured");
    // The note's first way: a folder store in the config file.
    const store = tempDir("ballast-store-");
    repo.write({ ".ballastrc.json": JSON.stringify({ extends: ["recommended"], store: `file://${store}` }) });
    repo.commit("store");
    const pushed = push(repo, ["origin", "main"], { BALLAST_STORE: "" });
    expect(pushed.status, pushed.output).toBe(0);
    // With a store, the same run says nothing of it.
    repo.commit("model 2", { "m2.bin": pseudoRandom(2_000_000, "with-store") });
    expect(ballast(["migrate"], { cwd: repo.dir, env: { BALLAST_STORE: "" } }).output).not.toContain("no store is configured");
  });
});
