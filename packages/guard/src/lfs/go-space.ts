/**
 * Go's `bytes.TrimSpace`, which git-lfs applies to a blob's first 1024 bytes before it
 * decodes a pointer. It trims what `unicode.IsSpace` calls space, read as UTF-8: ASCII
 * tab to carriage return and space, and, spelled as well-formed UTF-8 only, U+0085,
 * U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F and U+3000. A lone
 * latin1 0xA0 is not UTF-8, so it is not space; neither is a byte-order mark (U+FEFF).
 *
 * The text is handled as latin1 (one char per byte), so every index is a byte offset.
 */

/** The UTF-8 spellings of the non-ASCII space runes, as latin1 strings. */
const WIDE_SPACES = [
  "\xc2\x85",
  "\xc2\xa0",
  "\xe1\x9a\x80",
  ...Array.from({ length: 11 }, (_, i) => `\xe2\x80${String.fromCharCode(0x80 + i)}`),
  "\xe2\x80\xa8",
  "\xe2\x80\xa9",
  "\xe2\x80\xaf",
  "\xe2\x81\x9f",
  "\xe3\x80\x80",
];

function isAsciiSpace(code: number): boolean {
  return (code >= 0x09 && code <= 0x0d) || code === 0x20;
}

/** The byte offset of the first non-space byte at or after `from` (`text.length` if none). */
export function skipSpace(text: string, from = 0): number {
  let i = from;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (isAsciiSpace(code)) i++;
    else if (code >= 0xc2 && code <= 0xe3) {
      const wide = WIDE_SPACES.find((s) => text.startsWith(s, i));
      if (!wide) break;
      i += wide.length;
    } else break;
  }
  return i;
}

/** Go's bytes.TrimSpace over latin1 text. */
export function trimSpace(text: string): string {
  const start = skipSpace(text);
  let end = text.length;
  while (end > start) {
    const code = text.charCodeAt(end - 1);
    if (isAsciiSpace(code)) end--;
    else if (code >= 0x80) {
      // Go decodes the last rune backwards: a well-formed space rune ends the text.
      const wide = WIDE_SPACES.find((s) => end - s.length >= start && text.startsWith(s, end - s.length));
      if (!wide) break;
      end -= wide.length;
    } else break;
  }
  return text.slice(start, end);
}
