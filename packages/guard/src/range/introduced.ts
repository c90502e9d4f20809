import { git } from "../git/exec.js";
import { splitNul } from "../git/parse.js";
import { revisionArgs, type RevisionSet } from "./revlist.js";

/** A (path, blob) pair whose introducing commit is wanted. */
export interface BlobAt {
  path: string;
  object: string;
}

/**
 * The commit that introduced each blob, found with one `git log` over the same revisions,
 * limited to the paths asked about (so git diffs only those paths, not whole trees), and
 * only ever run for blobs that have a finding. `rev-list --objects` names paths but not
 * commits; this is the cheap second pass. `-m` shows merges against each parent so an
 * evil merge is named too; `--reverse` lists oldest first, and the first commit that set
 * the path to the blob wins.
 *
 * Wire format (`--raw -z --no-abbrev --format=format:%H`): each commit starts with its id
 * and a newline, its raw entries follow, and an empty field separates commits:
 *
 *   "<commit>\n:000000 100644 <0…> <blob> A\0path\0\0<commit>\n:100644 …"
 *
 * Returns "<path>\0<blob>" → commit; when the path differs (a blob renamed on the way),
 * the blob alone is matched.
 */
export async function introducingCommits(cwd: string, set: RevisionSet, blobs: BlobAt[]): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  const paths = [...new Set(blobs.map((b) => b.path).filter((p) => !p.includes("\n")))];
  if (paths.length === 0) return result;
  const { args, input } = revisionArgs(set);
  const { stdout } = await git(
    ["--literal-pathspecs", "log", "--raw", "-z", "--no-abbrev", "--no-renames", "-m", "--format=format:%H", "--reverse", "--diff-filter=AMT", ...args],
    // With --stdin, a "--" line ends the revisions and paths follow, one per line.
    { cwd, input: `${input}--\n${paths.join("\n")}\n` },
  );
  const byBlob = new Map<string, string>();
  for (const entry of parseLogRaw(stdout)) {
    const key = `${entry.path}\0${entry.object}`;
    if (!result.has(key)) result.set(key, entry.commit);
    if (!byBlob.has(entry.object)) byBlob.set(entry.object, entry.commit);
  }
  for (const b of blobs) {
    const key = `${b.path}\0${b.object}`;
    if (!result.has(key) && byBlob.has(b.object)) result.set(key, byBlob.get(b.object)!);
  }
  return result;
}

/** Parse `git log --raw -z --no-abbrev --format=format:%H` into (commit, path, new blob) entries. */
export function parseLogRaw(output: Buffer | string): Array<{ commit: string; path: string; object: string }> {
  const fields = splitNul(output);
  const entries: Array<{ commit: string; path: string; object: string }> = [];
  let commit = "";
  for (let i = 0; i < fields.length; i++) {
    let field = fields[i]!;
    if (!field) continue;
    if (!field.startsWith(":")) {
      const newline = field.indexOf("\n");
      commit = newline < 0 ? field : field.slice(0, newline);
      field = newline < 0 ? "" : field.slice(newline + 1);
      if (!field.startsWith(":")) continue;
    }
    const parts = field.slice(1).split(" ");
    const path = fields[++i];
    if (parts.length >= 5 && path !== undefined) entries.push({ commit, path, object: parts[3]! });
  }
  return entries;
}
