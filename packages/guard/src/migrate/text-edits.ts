import { gitignoreLine, withGitignoreLine } from "../util/gitignore.js";

/**
 * The two text files a migration edits in every rewritten commit: the top `.gitignore`
 * gains a line per migrated file (as `stow` writes it), and with `--from-lfs` the
 * `.gitattributes` lines that sent files through Git LFS go.
 */

/** `.gitignore` content with an anchored line for each path (kept once, in the file's own line ends). */
export function ignoreMigrated(content: string, paths: string[]): string {
  return paths.map(gitignoreLine).reduce(withGitignoreLine, content);
}

/**
 * `.gitattributes` content without the lines that set `filter=lfs` (all of them, or only
 * those whose pattern is one of `patterns`, as `git lfs track PATTERN` wrote it).
 * Comments, blank lines and other attributes stay. Undefined: nothing to remove.
 *   "*.bin filter=lfs diff=lfs merge=lfs -text\n*.txt text\n" → "*.txt text\n"
 */
export function withoutLfsLines(content: string, patterns?: string[]): string | undefined {
  const lines = content.split("\n");
  const kept = lines.filter((line) => !isLfsLine(line, patterns));
  return kept.length === lines.length ? undefined : kept.join("\n");
}

function isLfsLine(line: string, patterns?: string[]): boolean {
  const words = line.trim().split(/\s+/);
  if (words.length < 2 || words[0]!.startsWith("#")) return false;
  if (!words.slice(1).some((w) => w === "filter=lfs")) return false;
  return !patterns || patterns.includes(words[0]!) || patterns.includes(words[0]!.replace(/^\//, ""));
}

/** A `.gitattributes` left with nothing but blank lines is dropped from the tree (a comment keeps it). */
export function isEmptyAttributes(content: string): boolean {
  return content.split(/\r?\n/).every((line) => line.trim() === "");
}
