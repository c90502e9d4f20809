import { git } from "../git/exec.js";
import { currentBranch } from "../git/history.js";
import { historyFixes, historyWords } from "../messages.js";
import type { Finding } from "../report/types.js";

/** A tip the push brings, named as the pusher's clone names it. */
export interface PushedTip {
  sha: string;
  /** "refs/heads/feat", "refs/tags/v1", "refs/notes/x"…, or "HEAD" (a detached HEAD pushed as HEAD:main). */
  ref: string;
}

/**
 * `ballast migrate` and `git lfs migrate` without --everything rewrite the branch that is
 * checked out. A finding's commit pushed on another branch (`git push origin feat` from
 * main, `git push --all`) gets that branch switched to first; one on a detached HEAD, a new
 * branch there; one only a tag brings, the --everything form (which rewrites tags); one
 * only another kind of ref brings (refs/notes/…), that ref's deletion, since no migrate
 * rewrites it. `current` is the checked-out branch ("refs/heads/main"), null for a detached
 * HEAD, undefined where it cannot be known (a server: every branch is switched to).
 * Asked only for findings (an error path): one git per tip a commit is looked for in.
 */
export async function fitToPushedRefs(cwd: string, findings: Finding[], tips: PushedTip[], current: () => Promise<string | null | undefined>): Promise<void> {
  const ordered = [...tips.filter((t) => t.ref.startsWith("refs/heads/")), ...tips.filter((t) => !t.ref.startsWith("refs/heads/"))];
  const holders = new Map<string, Promise<PushedTip | undefined>>();
  const holder = (commit: string) => {
    let found = holders.get(commit);
    if (!found) holders.set(commit, (found = firstHolding(cwd, commit, ordered)));
    return found;
  };
  let checkedOut: Promise<string | null | undefined> | undefined;
  for (const f of findings) {
    const everything = f.commit ? everythingForm(f) : undefined;
    if (everything === undefined || !f.fix) continue;
    const tip = await holder(f.commit!);
    if (!tip) continue;
    if (tip.ref.startsWith("refs/heads/")) {
      if ((await (checkedOut ??= current())) !== tip.ref) f.fix = historyFixes.onBranch(tip.ref.slice("refs/heads/".length), f.fix);
    } else if (tip.ref.startsWith("refs/tags/")) {
      f.fix = everything;
    } else if (tip.ref === "HEAD" || !tip.ref.startsWith("refs/")) {
      // A detached HEAD pushed as HEAD:main, or an object id pushed by hand (git push origin SHA:main).
      if ((await (checkedOut ??= current())) === null) f.fix = historyFixes.onNewBranch(f.commit!, f.fix);
    } else {
      f.message += historyWords.otherRef(tip.ref);
      f.fix = historyFixes.dropRef(tip.ref);
    }
  }
}

/** The --everything form of a fix that rewrites only the checked-out branch, or undefined for any other fix. */
function everythingForm(f: Finding): string | undefined {
  if (f.fix === historyFixes.migrate || f.fix === historyFixes.migratePath(f.path, false)) return historyFixes.migratePath(f.path, true);
  for (const yes of [false, true]) if (f.fix === historyFixes.lfsImport(f.path, false, { yes })) return historyFixes.lfsImport(f.path, true, { yes });
  if (f.fix === historyFixes.lfsExport(f.path, false)) return historyFixes.lfsExport(f.path, true);
  return undefined;
}

async function firstHolding(cwd: string, commit: string, tips: PushedTip[]): Promise<PushedTip | undefined> {
  if (tips.length === 1) return tips[0];
  for (const tip of tips) {
    if (tip.sha === commit || (await git(["merge-base", "--is-ancestor", commit, tip.sha], { cwd, okCodes: [1] })).code === 0) return tip;
  }
  return undefined;
}

/** The branch checked out ("refs/heads/main"), or null for a detached HEAD. */
export async function checkedOutBranch(cwd: string): Promise<string | null> {
  return (await currentBranch(cwd)) ?? null;
}
