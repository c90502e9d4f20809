import { listRefs } from "../git/history.js";
import { pushRemoteOf, remoteNames } from "../git/remotes.js";
import { shellQuote } from "../util/shell.js";

/**
 * The commands a migration prints: where the old tips are kept, how to undo, how to push.
 */

/** `refs/ballast/backup/<UTC time>/`, with a counter when two runs share a second. */
export async function backupPrefix(cwd: string, now: Date): Promise<string> {
  const stamp = now.toISOString().replace(/\.\d+Z$/, "Z").replace(/[-:]/g, "");
  for (let n = 1; ; n++) {
    const prefix = `refs/ballast/backup/${stamp}${n === 1 ? "" : `-${n}`}/`;
    if ((await listRefs(cwd, [prefix])).length === 0) return prefix;
  }
}

/** The backup ref of a ref: `refs/heads/main` → `refs/ballast/backup/<time>/heads/main`. */
export const backupOf = (prefix: string, ref: string) => `${prefix}${ref.slice("refs/".length)}`;

/**
 * Undo: the checked-out branch goes back with `git reset --keep` (its index and files
 * too; a migrated file, ignored now, is simply tracked again), every other ref with
 * `git update-ref`.
 */
export function undoCommands(prefix: string, refs: string[], branch: string): string[] {
  return refs.map((ref) => (ref === branch ? `git reset --keep ${backupOf(prefix, ref)}` : `git update-ref ${ref} ${backupOf(prefix, ref)}`));
}

/** Default scope: a plain push (the branch's own remote), or a first push to the only remote there is. */
export async function pushCommands(cwd: string, branch: string): Promise<string[]> {
  const name = branch.slice("refs/heads/".length);
  if (await pushRemoteOf(cwd, name)) return ["git push"];
  const remotes = await remoteNames(cwd);
  const remote = remotes.includes("origin") ? "origin" : remotes[0];
  return remote ? [`git push -u ${shellQuote(remote)} ${shellQuote(name)}`] : [];
}

/**
 * --everything: per remote that has some of the rewritten branches (it has their
 * remote-tracking refs), a lease-checked force push of those branches, then a forced
 * push of the rewritten tags (tags have no remote-tracking refs to lease against).
 */
export async function forcePushCommands(cwd: string, moved: string[]): Promise<string[]> {
  const branches = moved.filter((r) => r.startsWith("refs/heads/")).map((r) => r.slice("refs/heads/".length));
  const tags = moved.filter((r) => r.startsWith("refs/tags/"));
  const tracking = new Set((await listRefs(cwd, ["refs/remotes"])).map((r) => r.ref));
  const commands: string[] = [];
  for (const remote of await remoteNames(cwd)) {
    const published = branches.filter((b) => tracking.has(`refs/remotes/${remote}/${b}`));
    if (published.length === 0) continue;
    commands.push(`git push --force-with-lease ${shellQuote(remote)} ${published.map(shellQuote).join(" ")}`);
    if (tags.length > 0) commands.push(`git push --force ${shellQuote(remote)} ${tags.map(shellQuote).join(" ")}`);
  }
  return commands;
}
