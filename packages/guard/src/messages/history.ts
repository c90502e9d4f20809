import { pathArgs, shellQuote } from "../util/shell.js";
import { BIN } from "./findings.js";
import { lfsInclude } from "../lfs/include.js";

/** Fixes that depend on where a finding was made (fix/context.ts). */
export const historyFixes = {
  /** Rewrites the unpushed commits: every blob size, binary or redirect blocks becomes a reference. */
  migrate: `${BIN} migrate`,
  /** The same on the branch that was pushed, when another one is checked out. */
  onBranch: (branch: string, fix: string) => `git switch ${shellQuote(branch)} && ${fix}`,
  /** A detached HEAD was pushed: a branch there first, since migrate rewrites a branch. */
  onNewBranch: (commit: string, fix: string) => `git switch -c rewrite-${commit.slice(0, 8)} && ${fix}`,
  /** A ref no migrate rewrites (refs/notes/…): the pusher's copy of it goes. */
  dropRef: (ref: string) => `git update-ref -d ${shellQuote(ref)}`,
  /** Exactly this file, in the unpushed commits or (--everything) in every branch and tag. */
  migratePath: (path: string, everything: boolean) => `${BIN} migrate${everything ? " --everything" : ""} ${pathArgs([path])}`,
  /** The pointer's bytes, from the local LFS store, in place of the pointer text. */
  lfsCopy: (stored: string, path: string) => `cp -- ${shellQuote(stored)} ${shellQuote(path)} && git add -- ${shellQuote(path)}`,
  /** git-lfs's own rewrite, by default of this branch's commits no remote has: pointers at PATH become their bytes. */
  lfsExport: (path: string, everything: boolean) => `git lfs migrate export${everything ? " --everything" : ""} --include=${shellQuote(lfsInclude(path))}`,
  /** The same, the other way: the real bytes at an LFS path become a pointer. */
  /**
   * Then `git lfs install --local --skip-repo` (hooks left alone): on the machine that
   * committed the real bytes git-lfs's filter was not set up, and without it the file, now a
   * pointer in the commit, would show as changed. Not before: with the filter set, git-lfs
   * sees the committed real bytes as a change and refuses to run without a terminal to ask.
   * `yes`: only these files show as changed here (git-lfs's view), so nothing is lost.
   */
  lfsImport: (path: string, everything: boolean, how: { yes?: boolean } = {}) =>
    `git lfs migrate import${everything ? " --everything" : ""}${how.yes ? " --yes" : ""} --include=${shellQuote(lfsInclude(path))} && git lfs install --local --skip-repo`,
  /** The same bytes stowed again: cached, then uploaded by the push. */
  restow: (file: string) => `${BIN} stow ${pathArgs([file])}`,
  /** The object from the LFS server, for the commit that adds the pointer (git-lfs 3 refuses --all with --include). */
  lfsFetch: (remote: string, commit: string, path: string) => `git lfs fetch ${shellQuote(remote)} ${commit} --include=${shellQuote(lfsInclude(path))}`,
};

export const historyWords = {
  lfsMissing: ". git-lfs is not installed on this machine: install it first (https://git-lfs.com), then run the fix",
  cannotStow: (why: string, commit: string) =>
    `. Its name ${why}, so ballast migrate cannot turn it into a reference: rewrite commit ${commit.slice(0, 12)} and those after it without it, or under another name (git rebase -i ${commit.slice(0, 12)}^)`,
  otherRef: (ref: string) => `. It comes with ${ref}, a ref ballast migrate does not rewrite: delete it here (its other content goes too), or rewrite it by hand`,
  bytesWanted: (file: string, sha256: string) =>
    `. Put the file whose sha256 is ${sha256} back at ${file} (from the machine that committed it), then run ${BIN} stow ${pathArgs([file])} and push again`,
  rewriteCommit: (commit: string, path: string, published: boolean) =>
    `. It came in with commit ${commit.slice(0, 12)}, and a new commit cannot take it out of the history: ` +
    `rewrite that commit and those after it without it (git rebase -i ${commit.slice(0, 12)}^, mark the commit "edit", fix ${path}, git commit --amend, git rebase --continue), ` +
    `then ${published ? "force-push" : "push again"}`,
};

export const pointerWords = {
  realFileFirst: (path: string, then: string) =>
    `. ${path} here holds the same text, which git-lfs would store as the file: put the real file at ${shellQuote(path)} first, then run: ${then}`,
  bytesElsewhere: (oid: string, path: string, inHistory: boolean) =>
    `Its bytes (LFS object ${oid.slice(0, 12)}…) are not in this clone's LFS store, so no command here can restore them: ` +
    "get the real file from where the pointer came from (a clone that has it, or that repository's LFS server), " +
    (inHistory
      ? `store it here with git lfs clean < FILE > /dev/null, then rewrite the commits that hold the pointer: git lfs migrate export --include=${shellQuote(lfsInclude(path))}`
      : `put it at ${path}, and stage it`),
  /** Why no git command can run here: no .git (a build context), or a .git but no git on PATH. */
  noGitHere: (dotGit: boolean) => (dotGit ? "git is not on PATH here" : "there is no .git here"),
  /** A damaged reference where git cannot restore it (verify's words, and pull's and status's fix). */
  restoreWithoutGit: (path: string, dotGit = false) =>
    `${pointerWords.noGitHere(dotGit)} to restore it from: copy ${path} from the checkout this folder was made from, or make the folder again`,
  noGitReference: (path: string, dotGit = false) => `. ${capitalized(pointerWords.restoreWithoutGit(path, dotGit))}`,
  noGit: (path: string, dotGit = false) =>
    `. ${capitalized(pointerWords.noGitHere(dotGit))}, so nothing can download it in this folder: restore ${path} in the checkout this was copied from ` +
    "(git lfs pull there, with git-lfs installed) before building, or build from a checkout made with git-lfs",
};

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
