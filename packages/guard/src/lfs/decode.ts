import { pointerReasons as why } from "../messages.js";
import { trimSpace } from "./go-space.js";

/**
 * git-lfs 3.x's `DecodePointer` (lfs/pointer.go), rule for rule: this decides what is a
 * pointer, because it is what git-lfs smudges and `git lfs pointer --check` accepts.
 *
 * - Only the first 1024 bytes are read (one `Read` into a 1024-byte buffer); the rest of
 *   the blob is never looked at. No bytes at all is the empty pointer.
 * - Those bytes are trimmed (Go's `bytes.TrimSpace`) and must name git-lfs, hawser or
 *   git-media somewhere.
 * - Lines are split at LF, one CR before it dropped; empty lines are skipped. Each line
 *   is "key value" split at its first space. `version`, `oid`, `size` come in that order;
 *   any key matching `\Aext-\d-\w+` may stand before `size` (a later one with the same key
 *   replaces an earlier one); anything else, or any line after `size`, is rejected.
 * - version is one of three URLs exactly; oid and each extension's value are
 *   `sha256:` + 64 lowercase hex; size is Go's ParseInt (sign allowed), 0 to 2^63−1;
 *   two extensions may not share a priority.
 */

export const LFS_SPEC_URL = "https://git-lfs.github.com/spec/v1";
/** git-lfs still reads pointers written with these earlier version URLs. */
export const LFS_VERSION_ALIASES = ["https://git-lfs.github.com/spec/v1", "https://hawser.github.com/spec/v1", "http://git-media.io/v/2"];
/** git-lfs reads this many bytes of a blob to decode a pointer (its blobSizeCutoff). */
export const POINTER_MAX_SIZE = 1024;

export interface LfsExtension {
  name: string;
  priority: number;
  oid: string;
}

export interface LfsPointer {
  version: string;
  /** 64 lowercase hex, or "" for the empty pointer (a 0-byte blob). */
  oid: string;
  /** Up to 2^63−1, as git-lfs allows: a number would lose precision past 2^53. */
  size: bigint;
  /** Sorted by priority, as git-lfs sorts them. */
  extensions: LfsExtension[];
}

/** What git-lfs makes of a 0-byte blob: the empty pointer (and what it writes for an empty file). */
export const EMPTY_POINTER: LfsPointer = Object.freeze({ version: LFS_SPEC_URL, oid: "", size: 0n, extensions: Object.freeze([]) as unknown as LfsExtension[] });

export type Decoded = { ok: true; pointer: LfsPointer } | { ok: false; reason: string };

const KEYS = ["version", "oid", "size"] as const;
const MATCHER_RE = /git-media|hawser|git-lfs/;
const EXT_KEY_RE = /^ext-\d-\w/;
const OID_RE = /^[0-9a-f]{64}$/;
const SIZE_RE = /^[+-]?[0-9]+$/;
const INT64_MAX = 2n ** 63n - 1n;

/** Decode a blob's first bytes (latin1, one char per byte) exactly as git-lfs does. */
export function decodePointer(head: string): Decoded {
  const data = head.length > POINTER_MAX_SIZE ? head.slice(0, POINTER_MAX_SIZE) : head;
  if (data.length === 0) return { ok: true, pointer: EMPTY_POINTER };
  const text = trimSpace(data);
  if (!MATCHER_RE.test(text)) return fail(why.noHeader);

  const values: Record<string, string> = {};
  const exts = new Map<string, string>();
  let seen = 0;
  for (const raw of text.split("\n")) {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line.length === 0) continue;
    const space = line.indexOf(" ");
    if (space < 0) return fail(why.notKeyValue(line));
    if (seen >= KEYS.length) return fail(why.extraLine(line));
    const key = line.slice(0, space);
    if (key !== KEYS[seen]) {
      if (!EXT_KEY_RE.test(key)) return fail(why.unexpectedKey(KEYS[seen]!, key));
      exts.set(key, line.slice(space + 1));
      continue;
    }
    values[key] = line.slice(space + 1);
    seen++;
  }

  const version = values.version ?? "";
  if (!LFS_VERSION_ALIASES.includes(version)) return fail(version ? why.badVersion(version) : why.missing("version"));
  if (values.oid === undefined) return fail(why.missing("oid"));
  const oid = parseOid(values.oid);
  if (oid === undefined) return fail(why.badOid(values.oid));
  const size = parseSize(values.size ?? "");
  if (size === undefined) return fail(values.size === undefined ? why.missing("size") : why.badSize(values.size));

  const extensions: LfsExtension[] = [];
  for (const [key, value] of exts) {
    const extOid = parseOid(value);
    if (extOid === undefined) return fail(why.badExtension(key, value));
    const [, priority, ...name] = key.split("-");
    const ext = { name: name.join("-"), priority: Number(priority), oid: extOid };
    if (extensions.some((e) => e.priority === ext.priority)) return fail(why.duplicatePriority(ext.priority));
    extensions.push(ext);
  }
  extensions.sort((a, b) => a.priority - b.priority);
  return { ok: true, pointer: { version, oid, size, extensions } };
}

/** What git-lfs writes for this pointer (its `Encoded`): an empty blob for size 0. */
export function encodePointer(pointer: LfsPointer): string {
  if (pointer.size === 0n) return "";
  const exts = pointer.extensions.map((e) => `ext-${e.priority}-${e.name} sha256:${e.oid}\n`).join("");
  return `version ${LFS_SPEC_URL}\n${exts}oid sha256:${pointer.oid}\nsize ${pointer.size}\n`;
}

function parseOid(value: string): string | undefined {
  const colon = value.indexOf(":");
  if (colon < 0 || value.slice(0, colon) !== "sha256") return undefined;
  const oid = value.slice(colon + 1);
  return OID_RE.test(oid) ? oid : undefined;
}

/** Go's strconv.ParseInt(value, 10, 64), then git-lfs's own `size < 0` check. */
function parseSize(value: string): bigint | undefined {
  if (!SIZE_RE.test(value)) return undefined;
  const negative = value.startsWith("-");
  const magnitude = BigInt(value.replace(/^[+-]/, ""));
  if (magnitude > INT64_MAX + (negative ? 1n : 0n)) return undefined;
  return negative ? (magnitude === 0n ? 0n : undefined) : magnitude;
}

function fail(reason: string): Decoded {
  return { ok: false, reason };
}
