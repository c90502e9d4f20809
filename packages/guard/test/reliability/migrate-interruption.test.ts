import { gitdir, pseudoRandom, tempDir, type GitDir } from "@ballast/test-utils";
import { createHash } from "node:crypto";
import { cpSync, existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ballastAsync, startBallast } from "./run.js";

/**
 * Catalogue: `ballast migrate` killed with SIGKILL on a 20-commit branch, at every kill
 * point listed at the top of api/migrate.ts and at random moments. After each kill every
 * ref is as before or done (never some moved and some not), the model on disk is intact,
 * and running the command again ends exactly where an uninterrupted run ends.
 */
const POINTS = ["migrate:after-cache", "migrate:after-objects", "migrate:after-journal", "migrate:after-refs", "migrate:after-worktree"];
const sha = (data: Buffer) => createHash("sha256").update(data).digest("hex");
const model = (n: number) => pseudoRandom(1_500_000, `model-${n}`); // binary, over the 1 MB binary limit

/** A pushed base commit, then 20 unpushed commits; three of them commit a version of the model (with --no-verify). */
function branch(): GitDir {
  const remote = gitdir({}, { bare: true });
  const repo = gitdir({ "README.md": "# bot\n", ".gitignore": "node_modules\n", ".ballastrc.json": JSON.stringify({ extends: ["recommended"], store: "file://../store" }) });
  repo.git(["remote", "add", "origin", remote.dir]);
  repo.git(["push", "-q", "origin", "main"]);
  for (let i = 1; i <= 20; i++) {
    const files: Record<string, string | Buffer> = { "notes.txt": `step ${i}\n` };
    if (i === 3 || i === 8 || i === 15) files["models/m.bin"] = model(i);
    repo.commit(`step ${i}`, files);
  }
  return repo;
}

/** Identical copies of the same branch, each in its own folder (with a `store` beside it). */
function twins(count: number): GitDir[] {
  const origin = branch();
  return Array.from({ length: count }, () => {
    const dir = path.join(tempDir(), "repo");
    cpSync(origin.dir, dir, { recursive: true });
    return { ...origin, dir, git: (args, o = {}) => origin.git(args, { ...o, cwd: o.cwd ?? dir }) } as GitDir;
  });
}

function state(repo: GitDir) {
  return {
    heads: repo.git(["for-each-ref", "--format=%(refname) %(objectname)", "refs/heads"]).stdout,
    index: repo.git(["ls-files", "-s"]).stdout,
    status: repo.git(["status", "--porcelain=v1", "--untracked-files=all"]).stdout,
    gitignore: readFileSync(path.join(repo.dir, ".gitignore"), "utf8"),
  };
}

function intact(repo: GitDir): void {
  expect(sha(readFileSync(path.join(repo.dir, "models/m.bin")))).toBe(sha(model(15)));
}

describe("interruption catalogue: ballast migrate killed on a 20-commit branch", () => {
  it.each(POINTS)("%s: every ref as before or done; running it again completes", async (point) => {
    const [repo, twin] = twins(2) as [GitDir, GitDir];
    const before = state(repo);
    const done = await ballastAsync(["migrate"], { cwd: twin.dir });
    expect(done.code, done.output).toBe(0);
    const complete = state(twin);
    expect(complete.heads).not.toBe(before.heads);

    const killed = await ballastAsync(["migrate"], { cwd: repo.dir, env: { BALLAST_TEST_KILL_AT: point } });
    expect(killed.signal, killed.output).toBe("SIGKILL");
    const after = state(repo);
    const moved = after.heads === complete.heads;
    expect(moved || after.heads === before.heads).toBe(true);
    expect(moved).toBe(point === "migrate:after-refs" || point === "migrate:after-worktree");
    // Backups move with the branch, in the same transaction.
    expect(repo.git(["for-each-ref", "refs/ballast/backup"]).stdout !== "").toBe(moved);
    intact(repo);

    const again = await ballastAsync(["migrate"], { cwd: repo.dir });
    expect(again.code, again.output).toBe(0);
    expect(state(repo)).toEqual(complete);
    expect(existsSync(path.join(repo.dir, ".git/ballast/migrate.json"))).toBe(false);
    intact(repo);
  });

  it("5 kills at random moments: refs as before or done each time, and a rerun completes", { timeout: 180_000 }, async () => {
    const repos = twins(6);
    const twin = repos.pop()!;
    const timed = await ballastAsync(["migrate"], { cwd: twin.dir });
    expect(timed.code, timed.output).toBe(0);
    const complete = state(twin);
    // A fixed seed: a failure names its kill moment and reproduces.
    let seed = 12;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (const repo of repos) {
      const before = state(repo);
      const delay = Math.floor(random() * timed.ms * 1.1);
      const run = startBallast(["migrate"], { cwd: repo.dir });
      await new Promise((r) => setTimeout(r, delay));
      run.child.kill("SIGKILL");
      await run.done;
      const heads = state(repo).heads;
      expect([before.heads, complete.heads], `kill at ${delay} ms of ${timed.ms} ms`).toContain(heads);
      intact(repo);
      const again = await ballastAsync(["migrate"], { cwd: repo.dir });
      expect(again.code, again.output).toBe(0);
      expect(state(repo)).toEqual(complete);
    }
  });
});
