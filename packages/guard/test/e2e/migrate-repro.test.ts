import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ballast, pseudoRandom, tempDir } from "@ballast/test-utils";
import { describe, expect, it } from "vitest";
import { installBin } from "../integration/init-fixture.js";
import { storedPath } from "./prepush-fixture.js";

/**
 * Issue 12's reproduction, as a new user meets it: husky hooks from `ballast init`, the
 * recommended preset, a file:// store beside the repository, a bare remote. A model
 * committed with --no-verify, another commit on top, the push refused; `npx ballast
 * migrate` once; the push passes and uploads; a fresh clone pulls the model back.
 */
const sha = (data: Buffer) => createHash("sha256").update(data).digest("hex");
const MODEL = pseudoRandom(12_000_000, "nlu"); // over the recommended 10 MB block limit

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", env: { ...process.env, ...env }, maxBuffer: 1 << 26, timeout: 120_000 });
  return { status: r.status, output: `${r.stdout}${r.stderr}`, stdout: r.stdout };
}
const git = (cwd: string, ...args: string[]) => run("git", args, cwd);

function bot() {
  const base = tempDir("ballast-migrate-");
  const remote = path.join(base, "remote.git");
  const dir = path.join(base, "bot");
  mkdirSync(dir);
  expect(git(base, "init", "-q", "--bare", "-b", "main", remote).status).toBe(0);
  git(dir, "init", "-q", "-b", "main");
  writeFileSync(path.join(dir, "package.json"), `${JSON.stringify({ name: "bot", private: true, devDependencies: { husky: "9.1.7" } }, null, 2)}\n`);
  writeFileSync(path.join(dir, ".gitignore"), "node_modules\n");
  const init = ballast(["init", "--no-install"], { cwd: dir });
  expect(init.code, init.output).toBe(0);
  installBin(dir);
  return { base, remote, dir, store: path.join(base, "bot-ballast-store") };
}

describe("issue 12: a model already committed, the push refused, ballast migrate", () => {
  it("npx ballast migrate once, then git push passes; the store has the model; a fresh clone pulls it", { timeout: 180_000 }, () => {
    const { base, remote, dir, store } = bot();
    expect(git(dir, "config", "core.hooksPath").stdout.trim()).toBe(".husky/_");
    writeFileSync(path.join(dir, "a.txt"), "hi\n");
    git(dir, "add", "-A");
    expect(git(dir, "commit", "-qm", "init").status).toBe(0);
    git(dir, "remote", "add", "origin", remote);
    expect(git(dir, "push", "-q", "origin", "main").status).toBe(0);

    mkdirSync(path.join(dir, "models"));
    writeFileSync(path.join(dir, "models/nlu.tar.gz"), MODEL);
    git(dir, "add", "models");
    const author = { GIT_AUTHOR_NAME: "Ada", GIT_AUTHOR_EMAIL: "ada@bot.invalid", GIT_AUTHOR_DATE: "2026-02-03T04:05:06+01:00" };
    expect(run("git", ["commit", "-qm", "model", "--no-verify"], dir, author).status).toBe(0);
    writeFileSync(path.join(dir, "a.txt"), "hi\nx\n");
    expect(run("git", ["commit", "-qam", "more"], dir, { GIT_COMMITTER_DATE: "2026-02-04T00:00:00Z" }).status).toBe(0);
    const log = () => git(dir, "log", "--format=%an|%ae|%ad|%cn|%ce|%cd|%B", "--date=raw").stdout;
    const before = log();

    const refused = git(dir, "push", "origin", "main");
    expect(refused.status).not.toBe(0);
    expect(refused.output).toMatch(/size[\s\S]*models\/nlu\.tar\.gz/);

    // The fix pre-push prints for a file already committed (issue 12 item 2 prints it).
    const migrated = run("npx", ["ballast", "migrate"], dir);
    expect(migrated.status, migrated.output).toBe(0);
    expect(migrated.output).toContain("rewrote 2 commits: 1 file (12 MB) became references");
    expect(migrated.output).toContain("git reset --keep refs/ballast/backup/");
    expect(log()).toBe(before);
    // The working tree: the model present and ignored, its reference tracked, nothing to commit.
    expect(sha(readFileSync(path.join(dir, "models/nlu.tar.gz")))).toBe(sha(MODEL));
    expect(git(dir, "status", "--porcelain").stdout).toBe("");
    expect(git(dir, "check-ignore", "models/nlu.tar.gz").status).toBe(0);
    expect(git(dir, "ls-files", "models").stdout).toBe("models/nlu.tar.gz.ballast\n");

    const pushed = git(dir, "push", "origin", "main");
    expect(pushed.status, pushed.output).toBe(0);
    expect(pushed.output).toContain("uploaded 1 stowed object");
    expect(existsSync(storedPath(store, sha(MODEL)))).toBe(true);
    // Every object the remote holds, reachable or not.
    const sizes = git(remote, "cat-file", "--batch-all-objects", "--batch-check=%(objectsize)").stdout.split("\n").filter(Boolean).map(Number);
    expect(sizes.length).toBeGreaterThan(5);
    expect(Math.max(...sizes)).toBeLessThan(10_000_000);

    const clone = path.join(base, "clone");
    expect(git(base, "clone", "-q", remote, clone).status).toBe(0);
    installBin(clone); // what npm install gives a teammate
    const pulled = run("npx", ["ballast", "pull"], clone);
    expect(pulled.status, pulled.output).toBe(0);
    expect(sha(readFileSync(path.join(clone, "models/nlu.tar.gz")))).toBe(sha(MODEL));
    expect(git(clone, "log", "--format=%an|%ae|%ad|%cn|%ce|%cd|%B", "--date=raw").stdout).toBe(before);
  });
});
