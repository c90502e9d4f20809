// An entry of the walk's `git log --raw -z` output (see walk.ts), parsed from git's bytes.

/** An entry's header: what a commit changed at the path that follows. */
export interface EntryHeader {
  /** The mode at the commit ("000000" where the path was deleted). */
  mode: string;
  /** The blob at the commit (all zeros where deleted). */
  object: string;
  /** A, M, T, D … (a merge's entry has one letter per parent: "AA", "MM"). */
  status: string;
}

/**
 * ":<old mode> <new mode> <old sha> <new sha> <status>" (one parent), or with n parents
 * n colons, n + 1 modes, n + 1 shas and n status letters; the last mode and sha are the commit's.
 */
export function parseEntry(header: string): EntryHeader | undefined {
  const buf = Buffer.from(header, "latin1");
  return parseEntryAt(buf, 0, buf.length);
}

/**
 * parseEntry() on the bytes themselves: each field becomes a string of its own. (Cut from
 * one header string, each blob id would keep its whole ~100-character header alive for
 * as long as the walk keeps the id: ~17 MB in a 116k-object scan.)
 */
export function parseEntryAt(buf: Buffer, start: number, end: number): EntryHeader | undefined {
  let colons = 0;
  while (start + colons < end && buf[start + colons] === 0x3a) colons++;
  // Field i runs from spaces[i - 1] + 1 (or the first byte after the colons) to spaces[i].
  const want = 2 * colons + 3;
  const bounds: number[] = [start + colons];
  for (let at = buf.indexOf(32, start + colons); at >= 0 && at < end; at = buf.indexOf(32, at + 1)) bounds.push(at + 1);
  if (bounds.length !== want) return undefined;
  bounds.push(end + 1);
  const fieldAt = (i: number) => buf.toString("latin1", bounds[i]!, bounds[i + 1]! - 1);
  return { mode: fieldAt(colons), object: fieldAt(2 * colons + 1), status: fieldAt(2 * colons + 2) };
}
