/**
 * .gitignore lines for stowed files. A pattern is anchored to the top ("/models/x.tar.gz")
 * so it ignores exactly that file, and every character .gitignore treats specially is
 * escaped with a backslash: `*`, `?`, `[`, `\` anywhere; `!` and `#` (special only at the
 * start, escaped everywhere for clarity); spaces (trailing ones would be trimmed).
 * Control characters (a newline above all) cannot be written in a .gitignore line at all.
 */
import { fileWords } from "../messages.js";

/** Undefined when `path` can be written as a .gitignore line, else why not. */
export function gitignoreProblem(path: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(path)) return fileWords.notIgnorable;
  return undefined;
}

/**
 * Undefined when a file at `path` can be stowed (a .gitignore line for it, and a reference
 * whose "path" holds its name: ref/format.ts refuses a backslash, which Windows reads as a
 * folder separator), else why not. The same answer for stow, migrate and the fixes that
 * would send a user to them.
 */
export function stowProblem(path: string): string | undefined {
  return gitignoreProblem(path) ?? (path.slice(path.lastIndexOf("/") + 1).includes("\\") ? fileWords.backslashName : undefined);
}

/** The anchored, escaped .gitignore line that ignores exactly `path` (a `/`-separated repository path). */
export function gitignoreLine(path: string): string {
  return `/${path.replace(/[\\*?[\]!# ]/g, (ch) => `\\${ch}`)}`;
}

/**
 * `content` with `line` appended (unless already there as a whole line), keeping the
 * file's line ending style and adding the missing final newline before it.
 */
export function withGitignoreLine(content: string, line: string): string {
  const eol = content.includes("\r\n") ? "\r\n" : "\n";
  const lines = content.split(/\r?\n/);
  if (lines.includes(line)) return content;
  const base = content === "" || content.endsWith("\n") ? content : `${content}${eol}`;
  return `${base}${line}${eol}`;
}
