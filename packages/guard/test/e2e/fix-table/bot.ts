import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { BALLAST_BIN, tempDir, writeTree, type Tree } from "@ballast/test-utils";
import { mergeHook, type HookName } from "../../../src/init/hooks.js";

/** The workspace's lint-staged, run by the check context's hook as a project's own would be. */
const LINT_STAGED = path.resolve(BALLAST_BIN, "../../../../node_modules/.bin/lint-staged");

/** Small limits, so the table's files are small; model files redirected with mode block; a file store. */
export const CONFIG = {
  extends: "recommended",
  limits: { warn: "20 kB", block: "100 kB", binary: "50 kB" },
  redirect: { files: ["models/**"], mode: "block" },
  forbidden: [".env"],
  store: "file://../store",
};

export interface Bot {
  /** The folder holding the clone, the bare remote (remote.git) and the store (store/). */
  base: string;
  dir: string;
  git(args: string[], options?: { allowFail?: boolean; cwd?: string }): SpawnSyncReturns<string>;
  write(tree: Tree): void;
  /** git add -A && git commit, skipping the hooks (what a teammate without them does). */
  commitQuietly(message: string, tree?: Tree): string;
}

/**
 * A bot project as a user has it after `npm install` and `ballast init`: package.json,
 * `node_modules/.bin/ballast` (so `npx ballast` resolves as it does in a real install, to
 * the built binary), the config, the hooks init writes (lint-staged's pre-commit for the
 * check context) with node_modules/.bin on PATH as husky puts it, and `main` pushed to a
 * bare remote on disk.
 */
export function makeBot(options: { lintStaged?: boolean } = {}): Bot {
  const base = tempDir("ballast-fix-");
  const dir = path.join(base, "bot");
  mkdirSync(dir);
  const git: Bot["git"] = (args, o = {}) => {
    const result = spawnSync("git", args, { cwd: o.cwd ?? dir, encoding: "utf8", maxBuffer: 1 << 28 });
    if (result.status !== 0 && !o.allowFail) throw new Error(`git ${args.join(" ")} failed (${result.status}): ${result.stderr}`);
    return result;
  };
  const bot: Bot = {
    base,
    dir,
    git,
    write: (tree) => writeTree(dir, tree),
    commitQuietly(message, tree) {
      if (tree) writeTree(dir, tree);
      git(["add", "-A"]);
      git(["commit", "-q", "--no-verify", "-m", message]);
      return git(["rev-parse", "HEAD"]).stdout.trim();
    },
  };
  git(["init", "-q", "--bare", "-b", "main", path.join(base, "remote.git")]);
  git(["init", "-q", "-b", "main"]);
  const pkg = { name: "bot", private: true, ...(options.lintStaged ? { "lint-staged": { "*": "ballast check" } } : {}) };
  bot.commitQuietly("initial", {
    "package.json": `${JSON.stringify(pkg, null, 2)}\n`,
    "ballast.config.json": `${JSON.stringify(CONFIG, null, 2)}\n`,
    ".gitignore": "node_modules/\n",
    "app.txt": "v1\n",
  });
  git(["remote", "add", "origin", path.join(base, "remote.git")]);
  git(["push", "-q", "origin", "main"]);
  installBin(dir);
  installHooks(dir, Boolean(options.lintStaged));
  return bot;
}

/** `node_modules/.bin/ballast`, as npm links it: what `npx ballast` runs in this folder. */
export function installBin(dir: string): void {
  const bin = path.join(dir, "node_modules", ".bin");
  mkdirSync(bin, { recursive: true });
  writeExecutable(path.join(bin, "ballast"), `#!/bin/sh\nexec "${process.execPath}" "${BALLAST_BIN}" "$@"\n`);
  writeExecutable(path.join(bin, "lint-staged"), `#!/bin/sh\nexec "${LINT_STAGED}" "$@"\n`);
}

function installHooks(dir: string, lintStaged: boolean): void {
  const plan = { subdir: "", packageManager: "npm" as const, lfs: true, lintStaged };
  for (const hook of ["pre-commit", "pre-push"] as HookName[]) {
    // husky runs a hook with node_modules/.bin on PATH; init's block does the rest.
    const text = `#!/bin/sh\nexport PATH="$(git rev-parse --show-toplevel)/node_modules/.bin:$PATH"\n${mergeHook(hook, undefined, plan)}`;
    writeExecutable(path.join(dir, ".git", "hooks", hook), text);
  }
}

function writeExecutable(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  chmodSync(file, 0o755);
}

/**
 * What `COPY . .` gives a Docker build: the committed files (stowed ones are ignored) and
 * the installed CLI, no .git. `extra` is written on top (a model the build context has).
 */
export function buildContext(bot: Bot, extra: Tree = {}): string {
  const ctx = path.join(bot.base, "ctx");
  mkdirSync(ctx);
  const archive = path.join(bot.base, "ctx.tar");
  bot.git(["archive", "-o", archive, "HEAD"]);
  const untar = spawnSync("tar", ["-xf", archive, "-C", ctx], { encoding: "utf8" });
  if (untar.status !== 0) throw new Error(`tar failed: ${untar.stderr}`);
  writeTree(ctx, extra);
  installBin(ctx);
  return ctx;
}
