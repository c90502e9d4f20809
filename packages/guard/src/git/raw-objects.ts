import type { TreeEntryOut } from "./object-writer.js";

/**
 * Pure parsers for raw tree, commit and tag objects (as `git cat-file --batch` returns
 * them), for a history rewrite that must keep every byte it does not mean to change.
 */

/** A tree entry as stored, with its name decoded for matching and kept raw for writing. */
export interface RawTreeEntry extends TreeEntryOut {
  /** The name as UTF-8 text (what globs and .gitignore lines see). */
  text: string;
}

/**
 * A raw tree: entries of "<octal mode> <name>\0<id as raw bytes>", no separator between
 * entries; `idBytes` is 20 (SHA-1) or 32 (SHA-256). Modes come back as ls-tree prints
 * them ("040000" for a folder), types from the mode.
 *   "100644 a.txt\0<20 bytes>40000 models\0<20 bytes>"
 */
export function parseTree(raw: Buffer, idBytes: number): RawTreeEntry[] {
  const entries: RawTreeEntry[] = [];
  let at = 0;
  while (at < raw.length) {
    const space = raw.indexOf(32, at);
    const nul = raw.indexOf(0, space + 1);
    if (space < 0 || nul < 0 || nul + 1 + idBytes > raw.length) throw new Error("truncated tree object");
    const mode = raw.toString("latin1", at, space).padStart(6, "0");
    const name = Buffer.from(raw.subarray(space + 1, nul));
    const object = raw.toString("hex", nul + 1, nul + 1 + idBytes);
    const type = mode === "040000" ? "tree" : mode === "160000" ? "commit" : "blob";
    entries.push({ mode, type, object, name, text: name.toString("utf8") });
    at = nul + 1 + idBytes;
  }
  return entries;
}

/** A commit's parts: its tree, its parents, and everything else kept as it was. */
export interface RawCommit {
  tree: string;
  parents: string[];
  /** Header lines after tree and parents (author, committer, encoding, mergetag …), with continuation lines. */
  headers: string[];
  /** The message, raw bytes (it may be in another encoding than UTF-8). */
  message: Buffer;
}

/**
 * A raw commit: "tree <sha>\n", "parent <sha>\n"…, other headers (a line starting with a
 * space continues the one before, as in gpgsig), an empty line, the message.
 * Headers are read as latin1 so that writing them back restores every byte.
 */
export function parseCommit(raw: Buffer): RawCommit {
  const end = raw.indexOf("\n\n");
  const head = raw.toString("latin1", 0, end < 0 ? raw.length : end);
  const message = end < 0 ? Buffer.alloc(0) : raw.subarray(end + 2);
  const commit: RawCommit = { tree: "", parents: [], headers: [], message };
  for (const line of head.split("\n")) {
    if (line.startsWith(" ") && commit.headers.length > 0) commit.headers[commit.headers.length - 1] += `\n${line}`;
    else if (line.startsWith("tree ") && !commit.tree) commit.tree = line.slice(5);
    else if (line.startsWith("parent ") && commit.headers.length === 0) commit.parents.push(line.slice(7));
    else commit.headers.push(line);
  }
  return commit;
}

/** Headers that sign the old content: wrong once the content changes, so they are dropped. */
const SIGNATURE_HEADERS = /^gpgsig(-sha256)? /;

/** The commit with a new tree and parents; signatures dropped, every other byte kept. */
export function formatCommit(commit: RawCommit): Buffer {
  const lines = [`tree ${commit.tree}`, ...commit.parents.map((p) => `parent ${p}`), ...commit.headers.filter((h) => !SIGNATURE_HEADERS.test(h))];
  return Buffer.concat([Buffer.from(`${lines.join("\n")}\n\n`, "latin1"), commit.message]);
}

/**
 * An annotated tag pointed at a new object: "object <sha>\ntype commit\ntag v1\ntagger …\n\nmessage".
 * A signature (appended to the message, or a gpgsig header) would no longer verify and is removed.
 */
export function retargetTag(raw: Buffer, object: string): Buffer {
  const end = raw.indexOf("\n\n");
  const head = headerGroups(raw.toString("latin1", 0, end < 0 ? raw.length : end))
    .filter((h) => !SIGNATURE_HEADERS.test(h))
    .map((h) => (h.startsWith("object ") ? `object ${object}` : h));
  let message = end < 0 ? Buffer.alloc(0) : raw.subarray(end + 2);
  const signature = /-----BEGIN (PGP SIGNATURE|SSH SIGNATURE|SIGNED MESSAGE)-----/.exec(message.toString("latin1"));
  if (signature) message = message.subarray(0, signature.index);
  return Buffer.concat([Buffer.from(`${head.join("\n")}\n\n`, "latin1"), message]);
}

/** Header lines, each with its continuation lines (those starting with a space) attached. */
function headerGroups(head: string): string[] {
  const groups: string[] = [];
  for (const line of head.split("\n")) {
    if (line.startsWith(" ") && groups.length > 0) groups[groups.length - 1] += `\n${line}`;
    else groups.push(line);
  }
  return groups;
}

/** What an annotated tag points at: "object <sha>" and "type <type>" header lines. */
export function tagTarget(raw: Buffer): { object: string; type: string } {
  const head = raw.toString("latin1", 0, Math.max(0, raw.indexOf("\n\n")));
  return { object: /^object (\S+)$/m.exec(head)?.[1] ?? "", type: /^type (\S+)$/m.exec(head)?.[1] ?? "" };
}
