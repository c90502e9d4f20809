/**
 * The Git LFS pointer grammar (git-lfs docs/spec.md, v1):
 *
 *   version https://git-lfs.github.com/spec/v1
 *   oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393
 *   size 12345
 *
 * Each line is "key value\n" with a single space and an LF; `version` comes first, the
 * other keys in ascending order; keys use [a-z0-9.-]; the oid is sha256 in 64 lowercase
 * hex; size is decimal; the whole pointer is under 1024 bytes (git-lfs's blobSizeCutoff).
 */

export const LFS_SPEC_URL = "https://git-lfs.github.com/spec/v1";

/** git-lfs still reads pointers written with these earlier version URLs. */
export const LFS_VERSION_ALIASES = ["https://git-lfs.github.com/spec/v1", "https://hawser.github.com/spec/v1", "http://git-media.io/v/2"];

/** git-lfs only scans blobs below this size for pointers. */
export const POINTER_MAX_SIZE = 1024;

/** How far ballast looks for "almost a pointer" (an oversized pointer with junk appended). */
export const POINTER_SNIFF_SIZE = 8192;

export interface LfsPointer {
  oid: string;
  size: number;
  version: string;
  /** Extra keys (e.g. ext-0-foo), preserved as written. */
  extra: Record<string, string>;
}

export type PointerParse =
  | { kind: "pointer"; pointer: LfsPointer }
  | { kind: "malformed"; reason: string }
  | { kind: "none" };

const KEY_RE = /^[a-z0-9.-]+$/;
const OID_RE = /^sha256:[0-9a-f]{64}$/;
const SIZE_RE = /^[0-9]+$/;
// git-lfs decides whether a blob was meant to be a pointer with this same test.
const MATCHER_RE = /git-media|hawser|git-lfs/;

/**
 * Classify content as a valid pointer, a broken pointer (malformed: looks like one,
 * breaks the spec) or not a pointer at all. `totalSize` is the blob's full size when
 * `content` is only its first bytes.
 */
export function parsePointer(content: Buffer | string, totalSize?: number): PointerParse {
  const buf = typeof content === "string" ? Buffer.from(content, "utf8") : content;
  // Nearly every blob a commit stages is not a pointer: tell from its first bytes,
  // without turning up to 8 kB of them into a string.
  if (!mayOpenLikePointer(buf)) return NONE;
  const size = totalSize ?? buf.length;
  const head = buf.subarray(0, POINTER_SNIFF_SIZE).toString("latin1");
  if (!looksLikePointer(head)) return { kind: "none" };

  if (size >= POINTER_MAX_SIZE) return malformed(`is ${size} bytes; a pointer is under ${POINTER_MAX_SIZE} bytes`);
  const text = buf.toString("latin1");
  if (text.includes("\r")) return malformed("has CRLF line ends; a pointer uses LF only");
  if (!text.endsWith("\n")) return malformed("does not end with a newline");
  const lines = text.slice(0, -1).split("\n");
  const keys: string[] = [];
  const values: Record<string, string> = {};
  for (const [i, line] of lines.entries()) {
    const space = line.indexOf(" ");
    if (space <= 0) return malformed(`line ${i + 1} is not "key value"`);
    const key = line.slice(0, space);
    const value = line.slice(space + 1);
    if (!KEY_RE.test(key)) return malformed(`line ${i + 1} has a key "${key}" with characters outside [a-z0-9.-]`);
    if (value.startsWith(" ") || value === "") return malformed(`line ${i + 1} must separate key and value with one space`);
    if (key in values) return malformed(`key "${key}" appears twice`);
    keys.push(key);
    values[key] = value;
  }
  if (keys[0] !== "version") return malformed('the first line must be "version ..."');
  if (!LFS_VERSION_ALIASES.includes(values.version!)) {
    return malformed(`has version "${values.version}"; expected ${LFS_SPEC_URL}`);
  }
  const rest = keys.slice(1);
  for (let i = 1; i < rest.length; i++) {
    if (rest[i - 1]! > rest[i]!) return malformed(`keys are not sorted ("${rest[i - 1]}" before "${rest[i]}")`);
  }
  if (values.oid === undefined) return malformed('has no "oid" line');
  if (values.size === undefined) return malformed('has no "size" line');
  if (!OID_RE.test(values.oid)) {
    const reason = /^sha256:[0-9a-fA-F]{64}$/.test(values.oid) ? "has uppercase hex in its oid" : `has an oid that is not sha256:<64 hex>`;
    return malformed(reason);
  }
  if (!SIZE_RE.test(values.size)) return malformed(`has a size "${values.size}" that is not a decimal number`);
  const byteSize = Number(values.size);
  if (!Number.isSafeInteger(byteSize)) return malformed("has a size too large to be real");
  const extra: Record<string, string> = {};
  for (const key of rest) if (key !== "oid" && key !== "size") extra[key] = values[key]!;
  return {
    kind: "pointer",
    pointer: { version: values.version!, oid: values.oid.slice("sha256:".length), size: byteSize, extra },
  };
}

/** Write a canonical v1 pointer, byte for byte what git-lfs writes. */
export function formatPointer(oid: string, size: number): string {
  return `version ${LFS_SPEC_URL}\noid sha256:${oid}\nsize ${size}\n`;
}

/**
 * "Almost a pointer": starts with a version line naming an LFS spec, or has an
 * `oid sha256:` line and mentions LFS. Ordinary text that merely says "git-lfs" is not.
 */
const NONE: PointerParse = Object.freeze({ kind: "none" });

/**
 * What looksLikePointer() can accept must open, after whitespace (as trimStart() sees
 * latin1 text: tab to carriage return, space, no-break space), with "version" in any case
 * or one of the keys "oid", "size", "ext-": so with v, V, o, s or e.
 */
function mayOpenLikePointer(buf: Buffer): boolean {
  for (let i = 0; i < buf.length; i++) {
    const byte = buf[i]!;
    if ((byte >= 0x09 && byte <= 0x0d) || byte === 0x20 || byte === 0xa0) continue;
    return byte === 0x76 || byte === 0x56 || byte === 0x6f || byte === 0x73 || byte === 0x65;
  }
  return false;
}

function looksLikePointer(head: string): boolean {
  const start = head.replace(/^\uFEFF/, "").trimStart();
  if (/^version\s/i.test(start) && MATCHER_RE.test(start.slice(0, 200))) return true;
  // Keys out of order: the text must still open with a pointer key, so a document that
  // merely quotes a pointer further down (docs, a README) is not taken for one.
  return /^(oid sha256:|size \d|ext-\d)/.test(start) && /^oid sha256:/m.test(head) && MATCHER_RE.test(head);
}

function malformed(reason: string): PointerParse {
  return { kind: "malformed", reason };
}
