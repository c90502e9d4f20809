import { pointerReasons as why } from "../messages.js";
import { decodePointer, EMPTY_POINTER, encodePointer, LFS_SPEC_URL, POINTER_MAX_SIZE, type LfsPointer } from "./decode.js";
import { skipSpace, trimSpace } from "./go-space.js";

export { decodePointer, encodePointer, LFS_SPEC_URL, LFS_VERSION_ALIASES, POINTER_MAX_SIZE, type LfsExtension, type LfsPointer } from "./decode.js";

/**
 * What ballast makes of a blob's first bytes. git-lfs's decoder (decode.ts) says what is a
 * pointer; the canonical form (git-lfs docs/spec.md v1, byte for byte what git-lfs writes:
 * `version` first, sorted keys, `oid sha256:<64 lowercase hex>`, decimal size, LF only,
 * under 1024 bytes) only says whether it is written the way git-lfs writes it:
 *
 *   version https://git-lfs.github.com/spec/v1
 *   oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393
 *   size 12345
 */
export type PointerParse =
  /** git-lfs decodes it (and smudges it); `noncanonical` says how it differs from what git-lfs writes. */
  | { kind: "pointer"; pointer: LfsPointer; noncanonical?: string }
  /** Looks meant as a pointer, but git-lfs would not decode it: it passes through as text. */
  | { kind: "malformed"; reason: string }
  | { kind: "none" };

/** How far ballast looks for "almost a pointer" (a pointer with junk appended). */
export const POINTER_SNIFF_SIZE = 8192;

const NONE: PointerParse = Object.freeze({ kind: "none" });
const MATCHER_RE = /git-media|hawser|git-lfs/;
const BOM = "\xef\xbb\xbf";

/**
 * Classify a blob from its first bytes (git-lfs never reads past 1024 of them).
 * `totalSize` is the blob's full size when `content` is only its head.
 */
export function parsePointer(content: Buffer | string, totalSize?: number): PointerParse {
  const buf = typeof content === "string" ? Buffer.from(content, "utf8") : content;
  const size = totalSize ?? buf.length;
  // An empty blob is git-lfs's empty pointer.
  if (size === 0) return { kind: "pointer", pointer: EMPTY_POINTER };
  // Nearly every blob a commit stages is not a pointer: tell from its first bytes,
  // without turning up to 8 kB of them into a string.
  if (!mayOpenLikePointer(buf)) return NONE;
  const head = buf.subarray(0, POINTER_MAX_SIZE).toString("latin1");
  const result = decodePointer(head);
  if (result.ok) return { kind: "pointer", pointer: result.pointer, ...noncanonical(head, size, result.pointer) };
  if (!looksLikePointer(buf.subarray(0, POINTER_SNIFF_SIZE).toString("latin1"))) return NONE;
  return { kind: "malformed", reason: trimSpace(head).startsWith(BOM) ? why.byteOrderMark : result.reason };
}

/** Write a canonical v1 pointer, byte for byte what git-lfs writes. */
export function formatPointer(oid: string, size: number | bigint): string {
  return `version ${LFS_SPEC_URL}\noid sha256:${oid}\nsize ${size}\n`;
}

/** Why decoded text is not what git-lfs would write for it (undefined: it is). */
function noncanonical(head: string, size: number, pointer: LfsPointer): { noncanonical?: string } {
  const canonical = encodePointer(pointer);
  if (size < POINTER_MAX_SIZE && head === canonical) return {};
  const reason = (() => {
    if (size >= POINTER_MAX_SIZE) return why.tooBig(size);
    if (pointer.size === 0n) return why.emptyWrittenOut;
    if (head.includes("\r\n")) return why.crlf;
    if (!head.endsWith("\n")) return why.noFinalNewline;
    if (trimSpace(head) !== head.slice(0, -1)) return why.surroundingSpace;
    if (head.includes("\n\n")) return why.blankLine;
    if (!head.startsWith(`version ${LFS_SPEC_URL}\n`)) return head.startsWith("version ") ? why.oldVersion(pointer.version) : why.versionNotFirst;
    const sizeLine = /\nsize ([^\n]*)\n$/.exec(head)?.[1];
    if (sizeLine !== undefined && sizeLine !== String(pointer.size)) return why.sizeSpelling(sizeLine);
    return why.notAsWritten;
  })();
  return { noncanonical: reason };
}

/**
 * Whatever git-lfs or looksLikePointer() can accept opens, after whitespace (Go's, and a
 * byte-order mark an editor put there), with "version" in any case or with a key "oid",
 * "size", "ext-": so with v, V, o, s or e. Checked on bytes: most blobs fail at byte one.
 */
export function mayOpenLikePointer(buf: Buffer): boolean {
  let i = 0;
  while (i < buf.length) {
    const byte = buf[i]!;
    if ((byte >= 0x09 && byte <= 0x0d) || byte === 0x20) i++;
    else if (byte === 0xef && buf[i + 1] === 0xbb && buf[i + 2] === 0xbf) i += 3;
    else if (byte >= 0xc2 && byte <= 0xe3) {
      // Possibly a Unicode space in UTF-8 (NBSP, U+3000, ...), which git-lfs trims too.
      const skipped = skipSpace(buf.subarray(i, i + 3).toString("latin1"));
      if (skipped === 0) return false;
      i += skipped;
    } else return byte === 0x76 || byte === 0x56 || byte === 0x6f || byte === 0x73 || byte === 0x65;
  }
  return false;
}

/**
 * "Almost a pointer": opens with a version line naming an LFS spec, or with an
 * `oid sha256:` line and mentions LFS. Ordinary text that merely says "git-lfs" is not,
 * and neither is a document that quotes a pointer further down (docs, a README).
 */
function looksLikePointer(head: string): boolean {
  let start = trimSpace(head);
  if (start.startsWith(BOM)) start = trimSpace(start.slice(BOM.length));
  if (/^version\s/i.test(start) && MATCHER_RE.test(start.slice(0, 200))) return true;
  return /^(oid sha256:|size \d|ext-\d)/.test(start) && /^oid sha256:/m.test(start) && MATCHER_RE.test(start);
}
