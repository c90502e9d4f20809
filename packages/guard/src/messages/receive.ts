import { BIN } from "./findings.js";
import { historyFixes } from "./history.js";

/**
 * `ballast receive`: what a pusher reads, as git's `remote:` lines. Short lines; each
 * finding's fix is what the pusher runs on their own machine, since the file is already
 * in a commit (a rule's usual fix is for a file about to be committed).
 */
export const receiveWords = {
  /** `unstowable`: why no reference can stand for the file (its name), when none can. */
  fix: (rule: string, path: string, unstowable?: string): { command?: string; words?: string } => {
    // By name: the server's config may block what the pusher's own config lets through, and
    // a plain migrate selects by the pusher's config.
    if (rule === "size" || rule === "binary" || rule === "redirect") {
      const why = unstowable;
      return why ? { words: `Its name ${why}, so ballast migrate cannot turn it into a reference: rewrite the commit that added it without it, or under another name (git rebase -i)` } : { command: historyFixes.migratePath(path, false) };
    }
    if (rule === "lfs-not-pointer") return { command: historyFixes.lfsImport(path, false) };
    if (rule === "unresolved-reference") return { command: `${BIN} push` };
    if (rule === "forbidden") return { words: "Rewrite the commit that added it so it is not there (git rebase -i), and rotate any secret it held" };
    // Pointer text git-lfs did not write: only the real file, or a pointer git-lfs writes, fixes it.
    if (rule === "lfs-malformed") return { words: "Rewrite the commit that added it so the path holds the real file, or a pointer git-lfs itself wrote (git rebase -i)" };
    return { words: "Rewrite the commit that added it so the path holds the real file (git rebase -i), or track the path with Git LFS in that commit" };
  },
  refused: (errors: number) => `ballast: push refused: ${errors} file${errors === 1 ? "" : "s"} must not enter this repository`,
  warned: (warnings: number) => `ballast: ${warnings} warning${warnings === 1 ? "" : "s"} about this push`,
  finding: (path: string, details: string[]) => `${path} (${details.join(", ")})`,
  inCommit: (commit: string) => `commit ${commit.slice(0, 12)}`,
  more: (count: number) => `… and ${count} more`,
  pushAgain: "then push again",
  skipped: (reason: string) => `ballast: this push was let through unjudged (git push -o ballast.skip): ${JSON.stringify(reason)}`,
  skipRefused: "ballast: -o ballast.skip was ignored: this server does not allow skipping (receive.allowSkip)",
  skipNotPinned: "ballast: -o ballast.skip was ignored: only the server's own config (ballast receive --config FILE) can allow skipping, not a committed one",
  skipNeedsReason: 'ballast: -o ballast.skip was ignored: it needs a reason, printed back to everyone: git push -o ballast.skip="why this push may pass"',
  /** The server's own --config file is broken: nothing the pusher can change. */
  serverConfigFix: "this server's own ballast config (ballast receive --config FILE) cannot be used, so every push is refused until its admin fixes the problems named above (ballast doctor --config FILE checks it)",
  /** The config committed on the default branch, as it is before the push, cannot be used. */
  headConfigFix: (branch: string) =>
    `push a commit to ${branch} that corrects it (a push that repairs it is judged with the recommended preset), or ask the server's admin to pin a config (ballast receive --config FILE)`,
  configBroken: (branch: string, cause: string) => `this push would leave ${branch} with a config ballast cannot use, and every later push would be refused: ${cause}`,
  configBrokenFix: "correct it in a new commit (git commit --amend if it is the last one) and push again; on a server, a config committed as code must be JSON (ballast.config.json)",
  configRepaired: (branch: string) =>
    `ballast: the config committed on ${branch} cannot be used, and this push corrects it: judged with the recommended preset; the next push is judged with the corrected config`,
  unbornHead: (branch: string, other: string) =>
    `ballast: this repository's HEAD names ${branch}, which does not exist, so no committed config was read and the recommended preset applies; its admin runs: git symbolic-ref HEAD ${other} (in the bare repository), or pins a config with --config FILE`,
  storeUnchecked: (count: number) =>
    `ballast: ${count} stowed file${count === 1 ? "" : "s"} not checked against storage: the server's config names no store (unresolved-reference skipped)`,
  badStdin: (problems: string[]) => `git sent pre-receive lines ballast cannot read (${problems.slice(0, 3).join("; ")})`,
  stdinFix: "run ballast receive from a pre-receive hook: git writes one <old> <new> <ref> line per ref on its stdin",
  /** By hand: git itself only names commits it has received (in quarantine until the hook passes). */
  unknownCommit: (commit: string) => `the pushed lines name commit ${commit}, which this repository does not have`,
  unknownCommitFix: "ballast receive judges what git has received: test the hook with a real push (git push), or feed it <old> <new> <ref> lines whose <new> commits this repository has",
  /** The pusher can do nothing about it: the words are for whoever runs the server. */
  damagedFix: "this server's repository is damaged, not your push: its admin runs git fsck --full in it and restores what that names from a backup or a full clone",
  stdinIsTerminal: "ballast receive reads the pushed refs from git on stdin, and stdin is a terminal",
};
