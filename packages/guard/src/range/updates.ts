/**
 * What git tells a pre-push hook on stdin (githooks(5)), one line per ref being pushed:
 *
 *   <local ref> SP <local object name> SP <remote ref> SP <remote object name> LF
 *
 *   refs/heads/main 67c1e4… refs/heads/main 0a9b3f…     update
 *   refs/heads/new  67c1e4… refs/heads/new  0000000…    new branch (remote sha all zeros)
 *   (delete)        0000000… refs/heads/old  0a9b3f…    deletion (local sha all zeros)
 *
 * Object names are 40 hex digits (SHA-1) or 64 (SHA-256); "all zeros" is either length.
 */

export interface RefUpdate {
  localRef: string;
  localSha: string;
  remoteRef: string;
  remoteSha: string;
}

const OID_RE = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
const ZERO_RE = /^0+$/;

/** True for the all-zero object name git uses for "nothing" (40 or 64 zeros). */
export function isZeroOid(oid: string): boolean {
  return ZERO_RE.test(oid);
}

/** Parse every line; blank lines are ignored, a malformed line is reported with its number. */
export function parseRefUpdates(text: string): { updates: RefUpdate[]; problems: string[] } {
  const { lines, problems } = parseHookLines(text, 4, [1, 3]);
  const updates = lines.map(([localRef, localSha, remoteRef, remoteSha]) => ({ localRef: localRef!, localSha: localSha!, remoteRef: remoteRef!, remoteSha: remoteSha! }));
  return { updates, problems };
}

/**
 * A hook's stdin (pre-push, pre-receive) as lines of `width` space-separated fields, those
 * at the `oids` positions object names. Blank lines are ignored; a malformed line is
 * reported with its number (and its first 200 characters).
 */
export function parseHookLines(text: string, width: number, oids: number[]): { lines: string[][]; problems: string[] } {
  const lines: string[][] = [];
  const problems: string[] = [];
  for (const [i, raw] of text.split("\n").entries()) {
    const line = raw.replace(/\r$/, "");
    if (!line.trim()) continue;
    const fields = line.split(" ");
    if (fields.length !== width || fields.some((f) => !f) || oids.some((at) => !OID_RE.test(fields[at]!))) {
      problems.push(`line ${i + 1}: ${JSON.stringify(line.slice(0, 200))}`);
      continue;
    }
    lines.push(fields);
  }
  return { lines, problems };
}

/** A push that deletes a ref adds nothing to the remote. */
export function isDeletion(update: RefUpdate): boolean {
  return isZeroOid(update.localSha);
}

/**
 * A remote name that may have remote-tracking refs (`origin`), as opposed to a URL passed
 * straight to `git push` (`git push file:///srv/repo.git`), which has none.
 */
export function isRemoteName(remote: string | undefined): remote is string {
  return Boolean(remote) && /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(remote!);
}
