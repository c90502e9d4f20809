const SAFE_RE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * Quote a word for a POSIX shell so a fix command can be pasted as printed:
 * plain words stay bare, others go in single quotes, and names with control
 * characters (a newline in a file name) use $'...' so they survive a paste.
 */
export function shellQuote(word: string): string {
  if (word !== "" && SAFE_RE.test(word)) return word;
  // C0, DEL and C1 controls (U+0080-U+009F: U+009B is an 8-bit CSI a terminal obeys).
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(word)) {
    const escaped = [...word]
      .map((ch) => {
        const code = ch.charCodeAt(0);
        if (ch === "\\" || ch === "'") return `\\${ch}`;
        if (ch === "\n") return "\\n";
        if (ch === "\t") return "\\t";
        if (code < 0x20 || code === 0x7f) return `\\x${code.toString(16).padStart(2, "0")}`;
        if (code >= 0x80 && code <= 0x9f) return `\\u${code.toString(16).padStart(4, "0")}`;
        return ch;
      })
      .join("");
    return `$'${escaped}'`;
  }
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A path as an argument after other options: `--` guards names that start with a dash. */
export function pathArgs(paths: string[]): string {
  const quoted = paths.map(shellQuote).join(" ");
  return paths.some((p) => p.startsWith("-")) ? `-- ${quoted}` : quoted;
}
