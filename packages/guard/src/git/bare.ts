import { existsSync, readFileSync, realpathSync } from "node:fs";
import path from "node:path";
import { BallastError } from "../errors.js";
import { git } from "./exec.js";
import type { Repo } from "./types.js";

/**
 * Bare repositories (a server's copy): history without a working tree. Range commands
 * open them (openRepo with `bare: true`); commands that work on files refuse them.
 */

/** git's own test (setup.c is_git_directory): HEAD, objects/ and refs/ side by side. */
export function looksLikeGitDir(dir: string): boolean {
  return existsSync(path.join(dir, "HEAD")) && existsSync(path.join(dir, "objects")) && existsSync(path.join(dir, "refs"));
}

/**
 * A bare repository's own folder, read from the filesystem (for `verify`, `pull` and
 * `status`, which may run without git): a git directory whose config says `bare = true`.
 */
export function isBareRepoDir(dir: string): boolean {
  try {
    if (!looksLikeGitDir(dir)) return false;
    const config = readFileSync(path.join(dir, "config"), "utf8");
    // Where the plain reading is unsure (an [include], quoting), a `bare = true` line says so.
    return coreSaysBare(config) ?? /^\s*bare\s*=\s*true\s*$/im.test(config);
  } catch {
    return false;
  }
}

/**
 * Commands that work on files and run without git (pull, status, verify) would otherwise
 * walk a bare repository's own folder as if it were a checkout: say it needs one instead.
 */
export async function refuseBareFolder(dir: string): Promise<void> {
  if (!isBareRepoDir(dir)) return;
  // Loaded here only: bin.cjs bundles repo.ts (and so this file) for discoverRepo.
  const { repoWords } = await import("../messages.js");
  throw new BallastError("NEEDS_WORK_TREE", repoWords.bare(dir), { fix: repoWords.needsWorkTree });
}

/** Variables that change which repository or config an explicit GIT_DIR means: with any, ask git. */
const EXPLICIT_ENV = ["GIT_WORK_TREE", "GIT_COMMON_DIR", "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT", "GIT_CONFIG"];

/**
 * The bare repository a server's hook runs in, read from the filesystem instead of asking
 * `git rev-parse` (a process in series before the walk, ~4 ms): git runs pre-receive in the
 * repository's folder with GIT_DIR=. (githooks(5)). A GIT_DIR that is set is not discovered,
 * so git applies neither safe.directory nor safe.bareRepository to it (setup.c,
 * setup_explicit_git_dir); what rev-parse would answer is then in the folder and its config:
 * a git directory whose [core] says `bare = true` and names no worktree. Anything less plain
 * (no GIT_DIR, a worktree's git dir, an [include], quoting, variables that add config)
 * returns undefined and rev-parse decides. `test/integration/bare-repo.test.ts` holds this
 * against rev-parse on generated configs.
 */
export function explicitBareRepo(cwd: string, env: NodeJS.ProcessEnv): Repo | undefined {
  const dir = env.GIT_DIR;
  if (!dir || EXPLICIT_ENV.some((name) => env[name] !== undefined)) return undefined;
  try {
    const gitDir = realpathSync(path.resolve(cwd, dir));
    if (!looksLikeGitDir(gitDir) || existsSync(path.join(gitDir, "commondir"))) return undefined;
    if (coreSaysBare(readFileSync(path.join(gitDir, "config"), "utf8")) !== true) return undefined;
    return { root: gitDir, gitDir, commonDir: gitDir, prefix: "", bare: true };
  } catch {
    return undefined;
  }
}

/**
 * core.bare as a repository config file sets it, in its plain forms: true, false, or
 * undefined where git's answer could differ from a simple reading (core.worktree, an
 * include, a quoted or continued value, no core.bare at all).
 */
export function coreSaysBare(config: string): boolean | undefined {
  let section = "";
  let bare: boolean | undefined;
  for (const raw of config.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    const header = /^\[([^\]]*)\](.*)$/.exec(line);
    if (header) {
      // [core], or another section ([remote "origin"], [core "x"] is not core).
      section = header[1]!.trim().toLowerCase();
      if (section.startsWith("include")) return undefined;
      if (header[2]!.trim() !== "" && !/^[#;]/.test(header[2]!.trim())) return undefined;
      continue;
    }
    if (section !== "core") continue;
    if (/["\\]/.test(line)) return undefined;
    const entry = /^([A-Za-z][A-Za-z0-9-]*)\s*(?:=\s*([^#;]*?))?\s*(?:[#;].*)?$/.exec(line);
    if (!entry) return undefined;
    const key = entry[1]!.toLowerCase();
    if (key === "worktree") return undefined;
    if (key !== "bare") continue;
    const value = entry[2] === undefined ? "true" : entry[2].toLowerCase();
    if (["true", "yes", "on", "1"].includes(value)) bare = true;
    else if (["false", "no", "off", "0", ""].includes(value)) bare = false;
    else return undefined;
  }
  return bare;
}

/**
 * The bare repository git finds from cwd (GIT_DIR=. in a server's hook), or undefined
 * (inside a working tree's .git):
 *   true\n/srv/repo.git\n/srv/repo.git\n
 */
export async function bareRepo(cwd: string): Promise<Repo | undefined> {
  const { stdout } = await git(["rev-parse", "--path-format=absolute", "--is-bare-repository", "--git-dir", "--git-common-dir"], { cwd });
  const [bare, gitDir, commonDir] = stdout.toString("utf8").split("\n");
  if (bare !== "true" || !gitDir || !commonDir) return undefined;
  return { root: gitDir, gitDir, commonDir, prefix: "", bare: true };
}
