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
  // One parent (nearly every entry of a history): ":<mode> <mode> <sha> <sha> <status>",
  // read in place; the modes and status git prints are a handful of strings, shared.
  if (buf[start + 1] !== 0x3a) {
    const modeAt = start + 8;
    const objectAt = start + 15;
    const objectEnd = buf.indexOf(32, buf.indexOf(32, objectAt) + 1);
    if (buf[start] === 0x3a && buf[modeAt - 1] === 32 && buf[objectAt - 1] === 32 && objectEnd > objectAt && objectEnd < end) {
      const hashLength = (objectEnd - objectAt - 1) >> 1;
      if (objectAt + hashLength === buf.indexOf(32, objectAt)) {
        const at = objectAt + hashLength + 1;
        return { mode: common(buf, modeAt, modeAt + 6, MODES), object: buf.toString("latin1", at, objectEnd), status: common(buf, objectEnd + 1, end, STATUSES) };
      }
    }
  }
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

const MODES = ["100644", "100755", "000000", "120000", "160000", "040000"];
const STATUSES = ["M", "A", "D", "T"];

/** The field's text: one of `known` when it is (no new string), else a new one. */
function common(buf: Buffer, start: number, end: number, known: readonly string[]): string {
  for (const k of known) {
    if (k.length !== end - start) continue;
    let same = true;
    for (let i = 0; i < k.length && same; i++) same = buf[start + i] === k.charCodeAt(i);
    if (same) return k;
  }
  return buf.toString("latin1", start, end);
}
