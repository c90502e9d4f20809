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
  return parseEntryAt(header, Buffer.from(header, "latin1"), 0, header.length);
}

/**
 * parseEntry() on git's output: `text` is `buf` read as latin1 (see Splitter), searched
 * for the fields; the blob id is taken from the bytes, a string of its own. (Cut from the
 * text, each id would keep its whole chunk alive for as long as the walk keeps the id:
 * ~17 MB in a 116k-object scan.)
 */
export function parseEntryAt(text: string, buf: Buffer, start: number, end: number): EntryHeader | undefined {
  // One parent (nearly every entry of a history): ":<mode> <mode> <sha> <sha> <status>",
  // read in place; the modes and status git prints are a handful of strings, shared.
  if (text.charCodeAt(start + 1) !== 0x3a) {
    const modeAt = start + 8;
    const objectAt = start + 15;
    const objectEnd = text.indexOf(" ", text.indexOf(" ", objectAt) + 1);
    if (text.charCodeAt(start) === 0x3a && text.charCodeAt(modeAt - 1) === 32 && text.charCodeAt(objectAt - 1) === 32 && objectEnd > objectAt && objectEnd < end) {
      const hashLength = (objectEnd - objectAt - 1) >> 1;
      if (objectAt + hashLength === text.indexOf(" ", objectAt)) {
        const at = objectAt + hashLength + 1;
        return { mode: common(text, buf, modeAt, modeAt + 6, MODES), object: buf.toString("latin1", at, objectEnd), status: common(text, buf, objectEnd + 1, end, STATUSES) };
      }
    }
  }
  let colons = 0;
  while (start + colons < end && text.charCodeAt(start + colons) === 0x3a) colons++;
  // Field i runs from spaces[i - 1] + 1 (or the first byte after the colons) to spaces[i].
  const want = 2 * colons + 3;
  const bounds: number[] = [start + colons];
  for (let at = text.indexOf(" ", start + colons); at >= 0 && at < end; at = text.indexOf(" ", at + 1)) bounds.push(at + 1);
  if (bounds.length !== want) return undefined;
  bounds.push(end + 1);
  const fieldAt = (i: number) => buf.toString("latin1", bounds[i]!, bounds[i + 1]! - 1);
  return { mode: fieldAt(colons), object: fieldAt(2 * colons + 1), status: fieldAt(2 * colons + 2) };
}

const MODES = ["100644", "100755", "000000", "120000", "160000", "040000"];
const STATUSES = ["M", "A", "D", "T"];

/** The field's text: one of `known` when it is (no new string), else a new one. */
function common(text: string, buf: Buffer, start: number, end: number, known: readonly string[]): string {
  for (const k of known) if (k.length === end - start && text.startsWith(k, start)) return k;
  return buf.toString("latin1", start, end);
}
