import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** A file in a fixture tree: text, bytes, random bytes of a size, or a symlink. */
export type FixtureFile =
  | string
  | Buffer
  | { random: number; seed?: string }
  | { symlink: string }
  | { text: string; mode: number };

export type Tree = Record<string, FixtureFile>;

const created: string[] = [];

/** A fresh temporary folder, removed by `cleanupTemp()` (the test setup calls it after each test). */
export function tempDir(prefix = "ballast-"): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

export function cleanupTemp(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Write a tree of files under `root` (paths use `/`; folders are created). */
export function writeTree(root: string, tree: Tree): void {
  for (const [name, file] of Object.entries(tree)) {
    const target = path.join(root, ...name.split("/"));
    mkdirSync(path.dirname(target), { recursive: true });
    if (typeof file === "string" || Buffer.isBuffer(file)) writeFileSync(target, file);
    else if ("random" in file) writeFileSync(target, pseudoRandom(file.random, file.seed ?? name));
    else if ("symlink" in file) symlinkSync(file.symlink, target);
    else {
      writeFileSync(target, file.text);
      chmodSync(target, file.mode);
    }
  }
}

/** Deterministic incompressible bytes (so a test's "6 MB binary" is the same every run). */
export function pseudoRandom(size: number, seed = "ballast"): Buffer {
  const out = Buffer.alloc(size);
  let block = Buffer.from(seed);
  for (let offset = 0; offset < size; offset += 64) {
    block = cryptoHash("sha512", block);
    block.copy(out, offset, 0, Math.min(64, size - offset));
  }
  return out;
}


import { createHash } from "node:crypto";
function cryptoHash(algorithm: string, data: Buffer): Buffer {
  return createHash(algorithm).update(data).digest();
}

export interface GitDir {
  dir: string;
  /** Run git in the repository; throws with stderr on failure unless `allowFail`. */
  git(args: string[], options?: { input?: string; env?: NodeJS.ProcessEnv; allowFail?: boolean; cwd?: string }): SpawnSyncReturns<string>;
  write(tree: Tree): void;
  /** `git add -A && git commit -m message` (hooks skipped), returns the new commit id. */
  commit(message: string, tree?: Tree): string;
}

/**
 * A real git repository in a temporary folder, built from an object tree (changesets'
 * `gitdir()` idea), with deterministic identity and settings.
 */
export function gitdir(tree: Tree = {}, options: { commit?: string | false; bare?: boolean } = {}): GitDir {
  const dir = tempDir("ballast-repo-");
  const run: GitDir["git"] = (args, opts = {}) => {
    const result = spawnSync("git", args, {
      cwd: opts.cwd ?? dir,
      input: opts.input,
      encoding: "utf8",
      env: { ...process.env, ...opts.env },
      maxBuffer: 1 << 30,
    });
    if (result.status !== 0 && !opts.allowFail) {
      throw new Error(`git ${args.join(" ")} failed (${result.status}): ${result.stderr}`);
    }
    return result;
  };
  run(["init", "-q", ...(options.bare ? ["--bare"] : []), "-b", "main", "."]);
  const repo: GitDir = {
    dir,
    git: run,
    write: (t) => writeTree(dir, t),
    commit(message, t) {
      if (t) writeTree(dir, t);
      run(["add", "-A"]);
      run(["commit", "-q", "--no-verify", "--allow-empty", "-m", message]);
      return run(["rev-parse", "HEAD"]).stdout.trim();
    },
  };
  if (!options.bare && Object.keys(tree).length > 0) {
    writeTree(dir, tree);
    if (options.commit !== false) repo.commit(options.commit ?? "initial");
  }
  return repo;
}

/** Deterministic git identity and settings for every git a test starts (set in the vitest setup). */
export function isolateGit(home: string): NodeJS.ProcessEnv {
  const config = path.join(home, "gitconfig");
  writeFileSync(
    config,
    [
      "[user]",
      "\tname = Ballast Test",
      "\temail = test@ballast.invalid",
      "[init]",
      "\tdefaultBranch = main",
      "[core]",
      "\tautocrlf = false",
      "[commit]",
      "\tgpgsign = false",
      "[advice]",
      "\tdetachedHead = false",
      "[protocol \"file\"]",
      "\tallow = always",
      "",
    ].join("\n"),
  );
  return {
    GIT_CONFIG_GLOBAL: config,
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_AUTHOR_DATE: "2026-01-01T00:00:00Z",
    GIT_COMMITTER_DATE: "2026-01-01T00:00:00Z",
    GIT_TERMINAL_PROMPT: "0",
    NO_COLOR: "1",
    FORCE_COLOR: "0",
  };
}

export function randomName(): string {
  return randomBytes(4).toString("hex");
}
