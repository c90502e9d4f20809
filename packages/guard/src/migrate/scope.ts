import { BallastError } from "../errors.js";
import { boundaryCommits, currentBranch, lastCommitTouching, listRefs, resolveRevision, type RefTip } from "../git/history.js";
import type { Repo } from "../git/repo.js";
import { operationInProgress, uncommittedChanges } from "../git/worktree-state.js";
import { migrateWords } from "../messages.js";
import type { PathSelection } from "./paths.js";

/** What a migration may rewrite: the refs it may move and the commits it walks. */
export interface Scope {
  /** The checked-out branch ("refs/heads/main") and its commit (undefined on an unborn branch). */
  branch: string;
  head?: string;
  /** The refs that move if their commits change. */
  refs: RefTip[];
  /** Walk from these, stopping at (not rewriting) anything reachable from `exclude`. */
  tips: string[];
  exclude: string[];
  everything: boolean;
}

/**
 * Refuse (exit 2, nothing changed) what a rewrite must not touch, then say what it covers.
 * Default: the checked-out branch's commits that no remote-tracking ref has (what the next
 * push sends). --everything: every local branch and tag, from their roots.
 * A detached HEAD is refused in both: the rewritten commits would belong to no branch,
 * and a detached checkout is usually a CI job or a bisect, not the place to rewrite.
 */
export async function planScope(repo: Repo, everything: boolean): Promise<Scope> {
  const root = repo.root;
  const busy = operationInProgress(repo.gitDir);
  if (busy) throw new BallastError("REPO_STATE", migrateWords.busy(busy), { fix: migrateWords.busyFix(busy) });
  const branch = await currentBranch(root);
  if (!branch) throw new BallastError("REPO_STATE", migrateWords.detached, { fix: migrateWords.detachedFix(await resolveRevision(root, "HEAD")) });
  const dirty = await uncommittedChanges(root);
  if (dirty.length > 0) throw new BallastError("REPO_STATE", migrateWords.dirty(dirty), { fix: migrateWords.dirtyFix });
  const head = await resolveRevision(root, "HEAD");
  if (!head) return { branch, refs: [], tips: [], exclude: [], everything };
  if (everything) {
    const refs = await listRefs(root, ["refs/heads", "refs/tags"]);
    return { branch, head, refs, tips: [...new Set(refs.map((r) => r.object))], exclude: [], everything };
  }
  const remote = await listRefs(root, ["refs/remotes"]);
  const exclude = [...new Set(remote.filter((r) => r.type === "commit").map((r) => r.object))];
  return { branch, head, refs: [{ ref: branch, object: head, type: "commit" }], tips: [head], exclude, everything };
}

/**
 * PATHs given without --everything: refuse when such a file is already in history a
 * remote has (the commits just before those to rewrite, or HEAD when all are pushed),
 * since rewriting only the unpushed part would leave it there.
 */
export async function refuseIfPushed(repo: Repo, scope: Scope, rewriting: number, paths: PathSelection, args: string[], fromLfs: boolean): Promise<void> {
  if (scope.everything || !scope.head) return;
  const from = rewriting > 0 ? await boundaryCommits(repo.root, scope.tips, scope.exclude) : [scope.head];
  for (const [i, pathspec] of paths.pathspecs.entries()) {
    const commit = await lastCommitTouching(repo.root, from, [pathspec]);
    if (commit) throw new BallastError("REPO_STATE", migrateWords.pushed(args[i] ?? pathspec, commit), { fix: migrateWords.pushedFix(args, fromLfs) });
  }
}
