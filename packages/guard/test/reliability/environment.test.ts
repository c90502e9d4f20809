import { ballast, gitdir, hookScript, installHook, pseudoRandom, tempDir, type GitDir } from "@ballast/test-utils";
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Catalogue: install and environment. The hook must guard the commit wherever git runs
 * it: a custom core.hooksPath (husky), a linked worktree, a subfolder, GIT_DIR and
 * GIT_WORK_TREE set by a tool; and a repository git refuses (dubious ownership) is exit 2
 * with git's own fix.
 */
const BIG = pseudoRandom(2_000_000, "environment");

interface Case {
  name: string;
  /** Returns how to commit: the folder and environment git commit runs in; `stage` takes an absolute path. */
  setup: (repo: GitDir) => { cwd: string; env?: NodeJS.ProcessEnv; stage: (file: string) => void };
}

const CASES: Case[] = [
  {
    name: "core.hooksPath (husky's .husky/_)",
    setup: (repo) => {
      const dir = path.join(repo.dir, ".husky", "_");
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, "pre-commit"), hookScript("pre-commit"));
      chmodSync(path.join(dir, "pre-commit"), 0o755);
      repo.git(["config", "core.hooksPath", ".husky/_"]);
      return { cwd: repo.dir, stage: (f) => repo.git(["add", f]) };
    },
  },
  {
    name: "a linked worktree (git worktree add), hooks shared",
    setup: (repo) => {
      installHook(repo.dir, "pre-commit");
      const wt = path.join(tempDir(), "wt");
      repo.git(["worktree", "add", "-q", "-b", "side", wt]);
      return { cwd: wt, stage: (f) => repo.git(["add", f], { cwd: wt }) };
    },
  },
  {
    name: "a commit from a subfolder",
    setup: (repo) => {
      installHook(repo.dir, "pre-commit");
      mkdirSync(path.join(repo.dir, "src", "deep"), { recursive: true });
      const cwd = path.join(repo.dir, "src", "deep");
      return { cwd, stage: (f) => repo.git(["add", f], { cwd }) };
    },
  },
  {
    name: "GIT_DIR and GIT_WORK_TREE set, run from elsewhere",
    setup: (repo) => {
      installHook(repo.dir, "pre-commit");
      const env = { GIT_DIR: path.join(repo.dir, ".git"), GIT_WORK_TREE: repo.dir };
      const cwd = tempDir();
      return { cwd, env, stage: (f) => repo.git(["add", f], { cwd, env }) };
    },
  },
  {
    name: "a separate git dir (git init --separate-git-dir)",
    setup: (repo) => {
      const gitDir = path.join(tempDir(), "store.git");
      repo.git(["init", "-q", "--separate-git-dir", gitDir]);
      return { cwd: repo.dir, stage: (f) => repo.git(["add", f]) };
    },
  },
];

function installSeparate(repo: GitDir): void {
  // With --separate-git-dir, .git is a file; hooks live in the real git dir.
  const gitDir = repo.git(["rev-parse", "--git-common-dir"]).stdout.trim();
  const hooks = path.resolve(repo.dir, gitDir, "hooks");
  mkdirSync(hooks, { recursive: true });
  writeFileSync(path.join(hooks, "pre-commit"), hookScript("pre-commit"));
  chmodSync(path.join(hooks, "pre-commit"), 0o755);
}

describe("environment catalogue: the hook guards the commit wherever git runs it", () => {
  it.each(CASES.map((c) => [c.name, c] as const))("%s", (_, c) => {
    const repo = gitdir({ "README.md": "# bot\n" });
    const { cwd, env, stage } = c.setup(repo);
    if (c.name.startsWith("a separate git dir")) installSeparate(repo);
    const git = (args: string[]) => spawnSync("git", args, { cwd, env: { ...process.env, ...env }, encoding: "utf8" });
    const where = git(["rev-parse", "--show-toplevel"]).stdout.trim();
    writeFileSync(path.join(where, "ok.txt"), "fine\n");
    stage(path.join(where, "ok.txt"));
    const ok = git(["commit", "-q", "-m", "ok"]);
    expect(ok.status, ok.stderr).toBe(0);
    writeFileSync(path.join(where, "big.bin"), BIG);
    stage(path.join(where, "big.bin"));
    const blocked = git(["commit", "-m", "big"]);
    expect(blocked.status, blocked.stderr).toBe(1);
    expect(blocked.stdout + blocked.stderr).toContain("big.bin");
  });

  it("a worktree shares the cache: a model stowed in the worktree is in the main checkout's cache", () => {
    const repo = gitdir({ "README.md": "# bot\n", "ballast.config.json": JSON.stringify({ store: "file://../store" }) });
    const wt = path.join(tempDir(), "wt");
    repo.git(["worktree", "add", "-q", "-b", "side", wt]);
    writeFileSync(path.join(wt, "m.bin"), BIG);
    expect(ballast(["stow", "m.bin"], { cwd: wt }).code).toBe(0);
    const cache = path.join(repo.dir, ".git", "ballast", "objects");
    expect(existsSync(cache) && readdirSync(cache, { recursive: true }).length > 0).toBe(true);
    expect(existsSync(path.join(wt, ".git", "ballast"))).toBe(false);
  });

  it("a repository owned by another user (git's dubious ownership): exit 2 with the safe.directory fix", () => {
    if (process.getuid?.() !== 0) return void expect.soft(true, "skipped: needs root to chown the repository").toBe(true);
    const repo = gitdir({ "README.md": "# bot\n" });
    spawnSync("chown", ["-R", "65534:65534", repo.dir]);
    const run = ballast(["check"], { cwd: repo.dir });
    expect(run.code, run.output).toBe(2);
    expect(run.stderr).toMatch(/another user|ownership/);
    expect(run.stderr).toMatch(/fix: .*safe\.directory/);
  });

  it("a Docker build context without .git: check says so (exit 2), pull and verify work on references", () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, "README.md"), "x\n");
    const check = ballast(["check"], { cwd: dir });
    expect(check.code).toBe(2);
    expect(check.stderr).toMatch(/not inside a git repository/);
    const verify = ballast(["verify"], { cwd: dir });
    expect(verify.stderr).not.toContain("internal error");
    expect([0, 1]).toContain(verify.code);
  });
});
