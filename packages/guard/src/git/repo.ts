import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import { BallastError } from "../errors.js";
import { gitWords } from "../messages.js";
import { bareRepo, explicitBareRepo, looksLikeGitDir } from "./bare.js";
import { git } from "./exec.js";
import { gitEnv } from "./spawn.js";
import type { Repo } from "./types.js";

export type { Repo } from "./types.js";

export interface OpenRepoOptions {
  /** Accept a bare repository (commands that judge history: scan, audit, receive). */
  bare?: boolean;
}

/**
 * Find the repository around `cwd`. The common case (a `.git` folder or worktree file
 * above cwd, no GIT_DIR-style overrides) is read from the filesystem the way git itself
 * discovers it: a process costs ~20 ms on a small VM, a hook runs on every commit.
 * Anything unusual goes to one `git rev-parse`:
 *   /abs/top\n/abs/top/.git\n/abs/top/.git\nsub/dir/\n
 * (--show-prefix prints an empty line at the top.)
 */
export async function openRepo(cwd: string, env: NodeJS.ProcessEnv = gitEnv(), options: OpenRepoOptions = {}): Promise<Repo> {
  if (!existsSync(cwd)) {
    throw new BallastError("BAD_ARGUMENTS", gitWords.noFolder(cwd), { fix: gitWords.noFolderFix });
  }
  return discoverRepo(cwd, env) ?? (options.bare ? explicitBareRepo(cwd, env) : undefined) ?? revParseRepo(cwd, options);
}

/** Variables that change how git finds the repository: with any of them, ask git. */
const DISCOVERY_ENV = ["GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR", "GIT_CEILING_DIRECTORIES", "GIT_DISCOVERY_ACROSS_FILESYSTEM"];

/**
 * git's own discovery for the plain cases: walk up from cwd to the first `.git`. A
 * folder is the git dir; a file holds "gitdir: <path>" (a linked worktree or a
 * submodule), whose `commondir` file names the shared directory. A config that moves
 * or removes the working tree (core.worktree, core.bare), or a repository another user
 * owns (safe.directory), returns undefined: rev-parse decides.
 */
export function discoverRepo(cwd: string, env: NodeJS.ProcessEnv = process.env): Repo | undefined {
  if (DISCOVERY_ENV.some((name) => env[name])) return undefined;
  try {
    const start = realpathSync(cwd);
    for (let dir = start; ; dir = path.dirname(dir)) {
      const dotGit = path.join(dir, ".git");
      const stat = statSync(dotGit, { throwIfNoEntry: false });
      // A bare repository (or a .git folder) on the way up is where git stops: rev-parse decides.
      if (!stat && looksLikeGitDir(dir)) return undefined;
      if (stat) {
        // Another user's repository: git decides (safe.directory), and explains when it refuses.
        const uid = process.getuid?.();
        if (uid !== undefined && (stat.uid !== uid || statSync(dir).uid !== uid)) return undefined;
        const gitDir = stat.isDirectory() ? dotGit : worktreeGitDir(dotGit);
        if (!gitDir || !existsSync(path.join(gitDir, "HEAD"))) return undefined;
        // Inside the git directory itself there is no working tree: let git say so.
        if (start === gitDir || start.startsWith(`${gitDir}${path.sep}`)) return undefined;
        const commonFile = path.join(gitDir, "commondir");
        const commonDir = existsSync(commonFile) ? realpathSync(path.resolve(gitDir, readFileSync(commonFile, "utf8").trim())) : gitDir;
        if (/^\s*(worktree\s*=|bare\s*=\s*true)/im.test(readFileSync(path.join(commonDir, "config"), "utf8"))) return undefined;
        const relative = path.relative(dir, start).split(path.sep).join("/");
        return { root: dir, gitDir, commonDir, prefix: relative ? `${relative}/` : "" };
      }
      if (path.dirname(dir) === dir) return undefined;
    }
  } catch {
    return undefined;
  }
}

function worktreeGitDir(file: string): string | undefined {
  const match = /^gitdir: (.+)$/m.exec(readFileSync(file, "utf8"));
  return match ? realpathSync(path.resolve(path.dirname(file), match[1]!.trim())) : undefined;
}

async function revParseRepo(cwd: string, options: OpenRepoOptions): Promise<Repo> {
  // A server's hook runs in a bare repository: ask that first, one git process instead of two.
  if (options.bare) {
    const bare = await bareRepo(cwd).catch(() => undefined);
    if (bare) return bare;
  }
  const result = await git(
    ["rev-parse", "--path-format=absolute", "--show-toplevel", "--git-dir", "--git-common-dir", "--show-prefix"],
    { cwd },
  ).catch(async (error: unknown) => {
    // "fatal: this operation must be run in a work tree": a bare repository, or inside .git.
    if (!(error instanceof BallastError && error.code === "GIT_FAILED" && /work tree|--show-toplevel/.test(error.message))) throw error;
    const bare = await bareRepo(cwd);
    if (bare && options.bare) return bare;
    // Loaded here only: bin.cjs bundles this file for discoverRepo, and must stay small.
    const { repoWords } = await import("../messages.js");
    throw new BallastError("NEEDS_WORK_TREE", bare ? repoWords.bare(bare.root) : repoWords.insideGitDir, { fix: repoWords.needsWorkTree, cause: error });
  });
  if (!("stdout" in result)) return result;
  const [root, gitDir, commonDir, prefix = ""] = result.stdout.toString("utf8").split("\n");
  if (!root || !gitDir || !commonDir) {
    throw new BallastError("NOT_A_REPOSITORY", gitWords.notAWorkTree, { fix: gitWords.notARepositoryFix });
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
