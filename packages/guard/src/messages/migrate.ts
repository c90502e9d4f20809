import { formatSize } from "@ballast/config";
import { pathArgs } from "../util/shell.js";
import { BIN, fixes } from "./findings.js";

/** How to abort each operation git can be in the middle of (git/worktree-state.ts names them). */
const ABORTS: Record<string, string> = {
  "a merge": "git merge --abort",
  "a rebase": "git rebase --abort",
  "a rebase or git am": "git rebase --abort, or git am --abort",
  "a cherry-pick": "git cherry-pick --abort",
  "a revert": "git revert --abort",
  "a bisect": "git bisect reset",
};

/** `ballast migrate`: rewriting unpushed (or all) history so heavy files become references. */
export const migrateWords = {
  usage: `${BIN} migrate [PATH...] [--everything] [--from-lfs] [--dry-run]`,
  outside: (input: string, root: string) => `${input} is outside the repository at ${root}`,
  busy: (what: string) => `git is in the middle of ${what}; a history rewrite now would tangle with it, so nothing was changed`,
  busyFix: (what: string) => `finish it or abort it (${ABORTS[what] ?? "git merge --abort, git rebase --abort, git cherry-pick --abort"}), then run the command again`,
  detached: "HEAD is detached: ballast migrate rewrites a branch and moves it, and there is no branch here to move; nothing was changed",
  /** A new branch where HEAD is: `git switch BRANCH` would leave the commits made here behind. */
  detachedFix: (head: string | undefined) =>
    `git switch -c ${head ? `rewrite-${head.slice(0, 8)}` : "NEW-BRANCH"}, then run the command again (a new branch here; switching to another branch would leave the commits made here behind)`,
  dirty: (paths: string[]) =>
    `${paths.length} tracked file${paths.length === 1 ? " has" : "s have"} uncommitted changes (${paths.slice(0, 3).join(", ")}${paths.length > 3 ? ", …" : ""}); a history rewrite would mix them in, so nothing was changed`,
  dirtyFix: "commit them or put them aside (git stash), then run the command again",
  pushed: (pattern: string, commit: string) =>
    `${pattern} is in commit ${commit.slice(0, 12)}, which is already on a remote: rewriting it changes published history, so nothing was changed`,
  pushedFix: (args: string[], fromLfs: boolean) => migrateWords.command({ paths: args, everything: true, fromLfs }),
  journalMixed: (file: string) => `an interrupted ballast migrate left ${file}, but some of its refs have since been moved by something else; nothing was changed`,
  journalFix: (file: string) => `check the branches (git log --oneline -3), then remove ${file} and run the command again`,
  lfsObjectMissing: (path: string, oid: string) =>
    `${path} is a Git LFS pointer to ${oid.slice(0, 12)}…, whose object is not in the local LFS store (.git/lfs/objects); nothing was changed`,
  // git-lfs 3 refuses --all with --include: every ref's objects, then the same migrate again.
  lfsFetch: (rerun: string) => `git lfs fetch --all && ${rerun}`,
  /** The migrate command as the user ran it, to print in a fix that ends by running it again. */
  command: (o: { paths?: string[]; everything?: boolean; fromLfs?: boolean }) =>
    [`${BIN} migrate`, o.everything ? "--everything" : "", o.fromLfs ? "--from-lfs" : "", o.paths?.length ? pathArgs(o.paths) : ""].filter(Boolean).join(" "),
  shortBlob: (path: string, got: number, expected: number) => `git sent ${got} bytes of ${path}, not the ${expected} it records`,
  // What a run reports.
  nothing: (everything: boolean) =>
    everything ? "nothing to migrate: no branch or tag holds a file to turn into a reference" : "nothing to migrate: the commits the next push would send hold no file to turn into a reference",
  allPushed: "nothing to migrate: every commit on this branch is already on a remote",
  rewrote: (commits: number, files: number, bytes: number, dryRun: boolean) =>
    `${dryRun ? "would rewrite" : "rewrote"} ${commits} commit${commits === 1 ? "" : "s"}: ${files} file${files === 1 ? "" : "s"} (${formatSize(bytes)}) ${dryRun ? "would become" : "became"} references`,
  dryRun: "dry run: nothing was changed",
  skippedPointer: (path: string) => `${path} is a Git LFS pointer, left as it is (add --from-lfs to move LFS files out of LFS)`,
  skippedName: (path: string, why: string) =>
    `${JSON.stringify(path)} ${why}, so it cannot become a reference and was left as it is in every commit: a push still carries it. Rewrite the commits that hold it without it, or under another name (git rebase -i), then run this again`,
  backup: (where: string) => `the old tips are kept under ${where}`,
  undo: "to undo:",
  next: "next:",
  forcePush: "the rewritten branches and tags replace published ones: every clone must re-clone or reset to them",
  githubLimit:
    "GitHub refuses a single push over 2 GB: if this one is bigger, push in chunks, oldest commits first (git push --force-with-lease REMOTE <commit>:refs/heads/BRANCH for a commit part-way along, then the branch)",
  /** After a migration, in a repository whose config names no store (and no BALLAST_STORE). */
  noStoreYet: `no store is configured yet, and the push uploads the files that became references: before pushing, ${fixes.configureStore}`,
  resumed: "finished a ballast migrate that was interrupted",
  pending: `a ballast migrate was interrupted after moving the refs: run ${BIN} migrate to finish it (the index and files follow)`,
};
