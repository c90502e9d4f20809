import type { RevisionSet } from "./revlist.js";
import { isZeroOid, parseHookLines } from "./updates.js";

/**
 * What git tells a pre-receive hook on stdin (githooks(5)), one line per ref to update,
 * all of them before any ref moves:
 *
 *   <old-value> SP <new-value> SP <ref-name> LF
 *
 *   0a9b3f… 67c1e4… refs/heads/main     update (a force push looks the same)
 *   0000000… 67c1e4… refs/heads/new     creation (old all zeros)
 *   0a9b3f… 0000000… refs/heads/old     deletion (new all zeros)
 *   0000000… 5d41a2… refs/tags/v1.0     a tag (new may be a tag object)
 *
 * Object names are 40 hex digits (SHA-1) or 64 (SHA-256). A ref name has no spaces.
 */
export interface ReceivedUpdate {
  oldSha: string;
  newSha: string;
  ref: string;
}

/** Parse every line; blank lines are ignored, a malformed line is reported with its number. */
export function parseReceivedUpdates(text: string): { updates: ReceivedUpdate[]; problems: string[] } {
  const { lines, problems } = parseHookLines(text, 3, [0, 1]);
  return { updates: lines.map(([oldSha, newSha, ref]) => ({ oldSha: oldSha!, newSha: newSha!, ref: ref! })), problems };
}

/**
 * Everything the push brings that no ref of the repository reaches yet: the new tips,
 * `--not --all`. Deletions bring nothing; a force push's old tip is still a ref, so what
 * it had is not new. Quarantined objects (GIT_QUARANTINE_PATH) are readable through git's
 * own environment, which spawnGit keeps.
 */
export function receivedRevisions(updates: ReceivedUpdate[]): RevisionSet {
  const include = [...new Set(updates.filter((u) => !isZeroOid(u.newSha)).map((u) => u.newSha))];
  return { include, exclude: [], notAll: true };
}

/**
 * Push options as git hands them to the hook (`git push -o KEY=VALUE`, accepted when the
 * repository sets receive.advertisePushOptions): GIT_PUSH_OPTION_COUNT, then
 * GIT_PUSH_OPTION_0 … GIT_PUSH_OPTION_<count-1>.
 */
export function pushOptions(env: NodeJS.ProcessEnv): string[] {
  const count = Number(env.GIT_PUSH_OPTION_COUNT ?? 0);
  if (!Number.isInteger(count) || count <= 0) return [];
  return Array.from({ length: count }, (_, i) => env[`GIT_PUSH_OPTION_${i}`] ?? "");
}

/** The reason given with `-o ballast.skip=REASON` (the last one wins), or undefined. */
export function skipReason(options: string[]): string | undefined {
  let reason: string | undefined;
  for (const option of options) {
    if (option === "ballast.skip") reason = "";
    else if (option.startsWith("ballast.skip=")) reason = option.slice("ballast.skip=".length);
  }
  return reason;
}
