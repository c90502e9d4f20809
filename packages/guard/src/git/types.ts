/**
 * A repository as ballast works on it; its own file so that repo.ts (which finds one) and
 * bare.ts (which finds a bare one) both name it without importing each other.
 */
export interface Repo {
  /** The working tree's top folder; in a bare repository, the repository's folder (git runs there). */
  root: string;
  /** This worktree's git directory (holds MERGE_HEAD, the index). */
  gitDir: string;
  /** The git directory shared by all worktrees (holds objects, the ballast cache). */
  commonDir: string;
  /** The folder the command was run from, relative to root ("" at the top, "sub/" below). */
  prefix: string;
  /** A bare repository (a server's): history only, no working tree, no index. */
  bare?: true;
}
