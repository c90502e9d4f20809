import path from "node:path";

/**
 * GIT_DIR and GIT_WORK_TREE as git reads them: a relative path is relative to the folder
 * git was started in (git(1), "-C" included). ballast starts its git processes in the
 * repository's folder, not the caller's, so such a value is made absolute once, before any
 * git starts: `GIT_DIR=server.git ballast receive` run from the server's parent folder.
 *
 * GIT_INDEX_FILE stays as it is: git reads a relative one from the top of the working
 * tree, where ballast's git processes start too. git's own pre-commit sets it so
 * (".git/index", GIT_DIR unset), and a hook that first `cd`s into a package of a monorepo
 * must keep it that way.
 */
export function absoluteGitPaths(env: NodeJS.ProcessEnv, cwd: string): void {
  for (const name of ["GIT_DIR", "GIT_WORK_TREE"] as const) {
    const value = env[name];
    if (value && !path.isAbsolute(value)) env[name] = path.resolve(cwd, value);
  }
}
