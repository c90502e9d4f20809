import { existsSync, readFileSync } from "node:fs";
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
    return looksLikeGitDir(dir) && /^\s*bare\s*=\s*true\s*$/im.test(readFileSync(path.join(dir, "config"), "utf8"));
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
