import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** A copy of examples/rasa-bot as a user has it: a git repository with a stowed model. */
export interface Bot {
  dir: string;
  /** The local-folder store the example's config names (file://../rasa-bot-ballast-store). */
  store: string;
  model: string;
  sha256: string;
  size: number;
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
const env = { ...process.env, npm_config_update_notifier: "false", npm_config_loglevel: "error" };

/**
 * Pack both packages, copy the example beside them, install the tarballs with npm (the
 * README's way while the packages are not on the registry: the tarballs are committed,
 * so `npm ci` in the image finds them in the context), stow a model, upload it to the
 * store with `ballast push`, and commit with no hooks (this tier is about the image).
 */
export function makeBot(scratch: string, modelBytes: number): Bot {
  const dir = path.join(scratch, "bot");
  cpSync(path.join(root, "examples/rasa-bot"), dir, { recursive: true, filter: (src) => !src.includes("node_modules") });
  // Where README's "In your own repository" packs them, and the Dockerfile copies them from.
  const vendor = path.join(dir, "vendor", "ballast");
  mkdirSync(vendor, { recursive: true });
  for (const pkg of ["config", "guard"]) ok(pnpm(["pack", "--pack-destination", vendor], path.join(root, "packages", pkg)), `pnpm pack ${pkg}`);
  const tarballs = readdirSync(vendor).filter((name) => name.endsWith(".tgz")).sort();
  ok(run("git", ["init", "-q", "-b", "main"], dir), "git init");
  ok(run("npm", ["install", "-D", ...tarballs.map((t) => `./vendor/ballast/${t}`), "--prefer-offline", "--no-audit", "--no-fund"], dir), "npm install -D");
  const model = "models/20260101-nlu.tar.gz";
  ok(run(process.execPath, ["scripts/fake-model.mjs", String(modelBytes), model], dir), "fake model");
  ok(run("node_modules/.bin/ballast", ["stow", model], dir), "ballast stow");
  ok(run("node_modules/.bin/ballast", ["push"], dir), "ballast push");
  commit(dir, "bot with a stowed model");
  const reference = JSON.parse(readFileSync(path.join(dir, `${model}.ballast`), "utf8"));
  return { dir, store: path.join(scratch, "rasa-bot-ballast-store"), model, sha256: reference.sha256, size: reference.size };
}

/** Commit FILES on a new branch from main, as a checkout without git-lfs would have them. */
export function branch(bot: Bot, name: string, files: Record<string, string>): void {
  ok(run("git", ["checkout", "-q", "-b", name, "main"], bot.dir), `git checkout -b ${name}`);
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(bot.dir, file), text);
  commit(bot.dir, name);
  ok(run("git", ["checkout", "-q", "main"], bot.dir), "git checkout main");
}

/** The build context: `git archive REF` unpacked, so no .git and nothing untracked. */
export function archive(bot: Bot, ref: string, target: string): string {
  mkdirSync(target, { recursive: true });
  ok(spawnSync("sh", ["-c", 'git archive "$1" | tar -x -C "$2"', "sh", ref, target], { cwd: bot.dir, encoding: "utf8" }), "git archive");
  return target;
}

function commit(dir: string, message: string): void {
  ok(run("git", ["-c", "core.autocrlf=false", "add", "-A"], dir), "git add");
  ok(run("git", ["-c", "core.hooksPath=/dev/null", "-c", "core.autocrlf=false", "commit", "-q", "-m", message], dir), "git commit");
}

function run(cmd: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, encoding: "utf8", env, maxBuffer: 1 << 26, timeout: 180_000 });
}

function pnpm(args: string[], cwd: string): SpawnSyncReturns<string> {
  const local = run("pnpm", ["--version"], cwd);
  return local.status === 0 && local.stdout.trim() === "12.4.2" ? run("pnpm", args, cwd) : run("npx", ["-y", "pnpm@12.4.2", ...args], cwd);
}

function ok(result: SpawnSyncReturns<string>, what: string): void {
  if (result.status !== 0) throw new Error(`${what} failed (exit ${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
}
