import { shellQuote } from "../util/shell.js";
import { BIN } from "./findings.js";
import { historyFixes } from "./history.js";

/**
 * `ballast receive`: what a pusher reads, as git's `remote:` lines. Short lines; each
 * finding's fix is what the pusher runs on their own machine, since the file is already
 * in a commit (a rule's usual fix is for a file about to be committed).
 */
export const receiveWords = {
  fix: (rule: string, path: string): { command?: string; words?: string } => {
    // By name: the server's config may block what the pusher's own config lets through, and
    // a plain migrate selects by the pusher's config.
    if (rule === "size" || rule === "binary" || rule === "redirect") return { command: historyFixes.migratePath(path, false) };
    if (rule === "lfs-not-pointer") return { command: `git lfs migrate import --include=${shellQuote(path)}` };
    if (rule === "unresolved-reference") return { command: `${BIN} push` };
    if (rule === "forbidden") return { words: "Rewrite the commit that added it so it is not there (git rebase -i), and rotate any secret it held" };
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
