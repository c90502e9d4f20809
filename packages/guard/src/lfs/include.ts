/**
 * A path as git-lfs's `--include` reads it (`git lfs pull`, `fetch`, `migrate`, `ls-files`):
 * a comma-separated list of wildmatch patterns, each trimmed, and a pattern without a slash
 * matches at any depth. So, for one file and no other:
 *   - a path in the top folder gets a leading "/" ("y.dat" would also take "dir/y.dat");
 *   - `* ? [` are put in brackets ("[*]"), never escaped with a backslash: `git lfs migrate
 *     import` writes the pattern into .gitattributes with every backslash turned into "/",
 *     and git then matches nothing (the migrated file's pointer would be untracked);
 *   - a comma (git-lfs splits on it before any escape is read), a backslash, a space at
 *     either end (trimmed away) or a control character become "?": the pattern may then
 *     take a sibling that differs in that one character, never miss the file.
 * Checked against the real git-lfs in test/integration/lfs-include.test.ts.
 */
export function lfsInclude(path: string): string {
  const chars = [...path];
  const out = chars.map((c, i) => {
    if (c === "," || c === "\\" || c < " " || c === "\x7f") return "?";
    if (c === " " && (i === 0 || i === chars.length - 1)) return "?";
    return c === "*" || c === "?" || c === "[" ? `[${c}]` : c;
  });
  return `${path.includes("/") ? "" : "/"}${out.join("")}`;
}
