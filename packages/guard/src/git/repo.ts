import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { BallastError } from "../errors.js";
import { git } from "./exec.js";

export interface Repo {
  /** The working tree's top folder. */
  root: string;
  /** This worktree's git directory (holds MERGE_HEAD, the index). */
  gitDir: string;
  /** The git directory shared by all worktrees (holds objects, the ballast cache). */
  commonDir: string;
  /** The folder the command was run from, relative to root ("" at the top, "sub/" below). */
  prefix: string;
}

/**
 * Find the repository around `cwd` with one `git rev-parse`:
 *   /abs/top\n/abs/top/.git\n/abs/top/.git\nsub/dir/\n
 * (--show-prefix prints an empty line at the top.)
 */
export async function openRepo(cwd: string): Promise<Repo> {
  if (!existsSync(cwd)) {
    throw new BallastError("BAD_ARGUMENTS", `the folder ${cwd} does not exist`, { fix: "pass an existing folder with --cwd DIR" });
  }
  const { stdout } = await git(
    ["rev-parse", "--path-format=absolute", "--show-toplevel", "--git-dir", "--git-common-dir", "--show-prefix"],
    { cwd },
  ).catch((error: unknown) => {
    if (error instanceof BallastError && error.code === "GIT_FAILED" && /--show-toplevel|bare/.test(error.message)) {
      throw new BallastError("NOT_A_REPOSITORY", "this command needs a working tree, and this is a bare repository", {
        fix: "run it in a clone with a working tree",
      });
    }
    throw error;
  });
  const [root, gitDir, commonDir, prefix = ""] = stdout.toString("utf8").split("\n");
  if (!root || !gitDir || !commonDir) {
    throw new BallastError("NOT_A_REPOSITORY", "this folder is not inside a git working tree", {
      fix: "cd into your repository (or pass --cwd DIR), or run: git init",
    });
  }
  return { root, gitDir, commonDir, prefix };
}

/** The other parents of a merge being committed (MERGE_HEAD holds one id per line). */
export function mergeHeads(repo: Repo): string[] {
  const file = path.join(repo.gitDir, "MERGE_HEAD");
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
}

/** Turn a path given on the command line (absolute or relative to cwd) into a repository path. */
export function toRepoPath(repo: Repo, cwd: string, input: string): string | undefined {
  const absolute = path.resolve(cwd, input);
  const relative = path.relative(repo.root, absolute);
  if (relative === "" || relative.startsWith("..") || path.isAbsolute(relative)) return undefined;
  return relative.split(path.sep).join("/");
}
