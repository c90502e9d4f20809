import { ballast, gitdir, pseudoRandom, tempDir, writeTree, type GitDir } from "@ballast/test-utils";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statfsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";

/**
 * Catalogue: disk faults. Real ones: a full device (a small tmpfs), a read-only folder
 * (a read-only bind mount: root ignores permission bits), and a second filesystem
 * (EXDEV). Each needs `mount`; without it (not root, or in a container that forbids it)
 * the cases are skipped and say why.
 */
const sha = (data: Buffer) => createHash("sha256").update(data).digest("hex");
const mounts: string[] = [];

function canMount(): boolean {
  if (process.platform !== "linux" || process.getuid?.() !== 0) return false;
  const probe = tempDir("ballast-mount-probe-");
  const ok = spawnSync("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", probe]).status === 0;
  if (ok) spawnSync("umount", [probe]);
  return ok;
}
const MOUNT = canMount();
const SKIP = "skipped: needs root and permission to mount a tmpfs / bind mount";

function tmpfs(sizeMb: number): string {
  const dir = tempDir("ballast-tmpfs-");
  expect(spawnSync("mount", ["-t", "tmpfs", "-o", `size=${sizeMb}m`, "tmpfs", dir]).status).toBe(0);
  mounts.push(dir);
  return dir;
}

function readOnly(dir: string): void {
  expect(spawnSync("mount", ["--bind", dir, dir]).status).toBe(0);
  mounts.push(dir);
  expect(spawnSync("mount", ["-o", "remount,bind,ro", dir]).status).toBe(0);
}

afterEach(() => {
  for (const dir of mounts.splice(0).reverse()) spawnSync("umount", ["-l", dir]);
});

/** A repository placed in `parent` (copied from a fresh gitdir), store at `store`. */
function repoIn(parent: string, store: string): GitDir {
  const origin = gitdir({ "README.md": "# bot\n", "ballast.config.json": JSON.stringify({ store: `file://${store}` }) });
  const dir = path.join(parent, "repo");
  cpSync(origin.dir, dir, { recursive: true });
  return { ...origin, dir, git: (args, o = {}) => origin.git(args, { ...o, cwd: o.cwd ?? dir }), write: (t) => writeTree(dir, t) };
}

function expectCause(run: { code: number; stderr: string }, cause: RegExp): void {
  expect(run.code, run.stderr).toBe(2);
  expect(run.stderr).toMatch(/^ballast: .+/m);
  expect(run.stderr.match(/^ballast: (.+)$/m)![1]).toMatch(cause);
  expect(run.stderr).toMatch(/^\s+fix: .+/m);
  expect(run.stderr).not.toContain("internal error");
}

function leftovers(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /ballast-tmp|\.tmp/.test(e.name))
    .map((e) => e.name);
}

describe.skipIf(!MOUNT)(`disk faults catalogue (${MOUNT ? "tmpfs and bind mounts" : SKIP})`, () => {
  it("ENOSPC while stowing (the cache is on a full device): exit 2, index and file untouched, no temporary left; with room, a second stow finishes", () => {
    const disk = tmpfs(12);
    const repo = repoIn(disk, path.join(tempDir(), "store"));
    const model = pseudoRandom(7_000_000, "enospc");
    repo.write({ "m.bin": model });
    const before = repo.git(["ls-files", "-s"]).stdout;
    const run = ballast(["stow", "m.bin"], { cwd: repo.dir });
    expectCause(run, /space|ENOSPC|full/i);
    expect(repo.git(["ls-files", "-s"]).stdout).toBe(before);
    expect(sha(readFileSync(path.join(repo.dir, "m.bin")))).toBe(sha(model));
    expect(leftovers(path.join(repo.dir, ".git", "ballast"))).toEqual([]);
    expect(spawnSync("mount", ["-o", "remount,size=40m", disk]).status).toBe(0);
    const again = ballast(["stow", "m.bin"], { cwd: repo.dir });
    expect(again.code, again.output).toBe(0);
  });

  it("ENOSPC during migrate: no internal error, but the cause and the way out; history untouched, and with room the same command finishes", () => {
    const disk = tmpfs(60);
    const repo = repoIn(disk, path.join(tempDir(), "store"));
    repo.write({ "big.bin": pseudoRandom(12_000_000, "enospc-migrate") });
    repo.git(["add", "big.bin"]);
    repo.git(["commit", "-q", "--no-verify", "-m", "a model"]);
    const head = repo.git(["rev-parse", "HEAD"]).stdout.trim();
    // The disk filled to 4 MB short of full: migrate's copy of the 12 MB model cannot fit.
    const { bavail, bsize } = statfsSync(disk);
    const filler = path.join(disk, "filler");
    writeFileSync(filler, Buffer.alloc(Number(bavail) * Number(bsize) - 4_000_000));
    const run = ballast(["migrate"], { cwd: repo.dir });
    expectCause(run, /^the disk is full/);
    expect(run.stderr).toMatch(/fix: free space on that disk \(df -h .+ shows what is left\), then: run the same command again/);
    expect(repo.git(["rev-parse", "HEAD"]).stdout.trim()).toBe(head);
    expect(repo.git(["status", "--porcelain"]).stdout).toBe("");
    // The fix: room on that disk, then the same command.
    rmSync(filler);
    const again = ballast(["migrate"], { cwd: repo.dir });
    expect(again.code, again.output).toBe(0);
    expect(repo.git(["ls-files"]).stdout).toContain("big.bin.ballast");
  });

  it("ENOSPC while stowing says how to get room, and names the file to stow again", () => {
    const disk = tmpfs(12);
    const repo = repoIn(disk, path.join(tempDir(), "store"));
    repo.write({ "m.bin": pseudoRandom(7_000_000, "enospc-words") });
    const run = ballast(["stow", "m.bin"], { cwd: repo.dir });
    expect(run.stderr).toMatch(/fix: free space on that disk \(df -h .+ shows what is left\), then: npx ballast stow m\.bin/);
  });

  it("ENOSPC while pulling into a full device: exit 2, nothing at the target, no temporary left", () => {
    const store = path.join(tempDir(), "store");
    const source = repoIn(tempDir(), store);
    const model = pseudoRandom(7_000_000, "enospc-pull");
    source.write({ "m.bin": model });
    expect(ballast(["stow", "m.bin"], { cwd: source.dir }).code).toBe(0);
    expect(ballast(["push"], { cwd: source.dir }).code).toBe(0);
    const disk = tmpfs(5);
    // A Docker-style checkout (no .git) on the small device: only the reference and config.
    const checkout = path.join(disk, "app");
    mkdirSync(checkout);
    cpSync(path.join(source.dir, "m.bin.ballast"), path.join(checkout, "m.bin.ballast"));
    cpSync(path.join(source.dir, "ballast.config.json"), path.join(checkout, "ballast.config.json"));
    const run = ballast(["pull"], { cwd: checkout });
    expectCause(run, /space|ENOSPC|full/i);
    expect(existsSync(path.join(checkout, "m.bin"))).toBe(false);
    expect(leftovers(checkout)).toEqual([]);
  });

  it("ENOSPC in a file store while pushing: exit 2, no partial object in the store", () => {
    const store = tmpfs(5);
    const repo = repoIn(tempDir(), store);
    repo.write({ "m.bin": pseudoRandom(7_000_000, "enospc-push") });
    expect(ballast(["stow", "m.bin"], { cwd: repo.dir }).code).toBe(0);
    const run = ballast(["push"], { cwd: repo.dir });
    expectCause(run, /space|ENOSPC|full|store/i);
    const objects = readdirSync(store, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    expect(objects.map((e) => e.name)).toEqual([]);
  });

  it("a read-only store folder: push is exit 2 naming the store, nothing half-written", () => {
    const store = path.join(tempDir(), "store");
    mkdirSync(store);
    const repo = repoIn(tempDir(), store);
    repo.write({ "m.bin": pseudoRandom(300_000, "ro-store") });
    expect(ballast(["stow", "m.bin"], { cwd: repo.dir }).code).toBe(0);
    readOnly(store);
    const run = ballast(["push"], { cwd: repo.dir });
    expectCause(run, /cannot be written|read-only|EROFS|store/i);
  });

  it("a read-only target folder: pull is exit 2 naming the file, nothing written", () => {
    const store = path.join(tempDir(), "store");
    const repo = repoIn(tempDir(), store);
    mkdirSync(path.join(repo.dir, "models"));
    repo.write({ "models/m.bin": pseudoRandom(300_000, "ro-target") });
    expect(ballast(["stow", "models/m.bin"], { cwd: repo.dir }).code).toBe(0);
    expect(ballast(["push"], { cwd: repo.dir }).code).toBe(0);
    rmSync(path.join(repo.dir, "models", "m.bin"));
    readOnly(path.join(repo.dir, "models"));
    const run = ballast(["pull"], { cwd: repo.dir });
    expectCause(run, /m\.bin|read-only|EROFS/);
    expect(readdirSync(path.join(repo.dir, "models"))).toEqual(["m.bin.ballast"]);
  });

  it.each([
    ["the store on another filesystem than the cache", "store"],
    ["the repository (and cache) on another filesystem than the store", "repo"],
    ["TMPDIR on another filesystem", "tmpdir"],
  ])("EXDEV: %s: stow, push and pull work (no rename across devices)", (_, where) => {
    const other = tmpfs(40);
    const store = where === "store" ? path.join(other, "store") : path.join(tempDir(), "store");
    const repo = repoIn(where === "repo" ? other : tempDir(), store);
    const env = where === "tmpdir" ? { TMPDIR: other } : {};
    const model = pseudoRandom(3_000_000, `exdev-${where}`);
    repo.write({ "m.bin": model });
    expect(ballast(["stow", "m.bin"], { cwd: repo.dir, env }).code).toBe(0);
    expect(ballast(["push"], { cwd: repo.dir, env }).code).toBe(0);
    rmSync(path.join(repo.dir, "m.bin"));
    rmSync(path.join(repo.dir, ".git", "ballast"), { recursive: true });
    const pulled = ballast(["pull"], { cwd: repo.dir, env });
    expect(pulled.code, pulled.output).toBe(0);
    expect(sha(readFileSync(path.join(repo.dir, "m.bin")))).toBe(sha(model));
  });
});
