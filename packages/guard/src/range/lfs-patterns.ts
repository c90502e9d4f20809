import picomatch from "picomatch";

/**
 * A quick, generous pre-filter before `git check-attr`: which paths could any of these
 * .gitattributes files mark `filter=lfs`? Only lines naming lfs count; their patterns are
 * widened rather than narrowed (case-insensitive; anything git's wildmatch reads
 * differently from picomatch, a `[class]` or a `\` escape, matches the whole folder), and
 * an `[attr]` macro that mentions lfs makes every path a candidate. git's own answer for
 * the candidates stays the authority; this only spares asking it about paths no line can
 * reach (on a 100,000-file history, most of them).
 *
 * `files` are [folder, content] pairs: "" for the top .gitattributes, "a/b" for a/b/.gitattributes.
 */
export function lfsCandidates(files: Array<[string, string]>, paths: string[]): string[] {
  const match = lfsCandidateMatcher(files);
  return paths.filter((p) => match(p));
}

/** lfsCandidates() for one path at a time: false means no line can make it `filter=lfs`. */
export function lfsCandidateMatcher(files: Array<[string, string]>): (path: string) => boolean {
  const globs: string[] = [];
  for (const [dir, content] of files) {
    const base = dir ? `${dir}/` : "";
    for (const raw of content.split("\n")) {
      const line = raw.trim();
      if (!line || line.startsWith("#") || !line.includes("lfs")) continue;
      if (line.startsWith("[attr]")) return () => true;
      const [pattern, ...attrs] = line.split(/\s+/);
      if (!pattern || !attrs.some((a) => a.includes("lfs"))) continue;
      globs.push(...widen(base, pattern));
    }
  }
  if (globs.length === 0) return () => false;
  return picomatch(globs, { dot: true, nocase: true });
}

/** A gitattributes pattern in folder `base` as picomatch globs that match at least what git would. */
export function widen(base: string, pattern: string): string[] {
  if (/["\\[]/.test(pattern)) return [`${base}**`];
  const trimmed = pattern.replace(/\/+$/, "");
  // A pattern with a slash is relative to its folder; one without matches a name at any depth.
  const glob = trimmed.includes("/") ? `${base}${trimmed.replace(/^\/+/, "")}` : `${base}**/${trimmed}`;
  // A folder pattern ("models/", "models") also covers what is inside it. (Two globs, not
  // a {a,b} brace: picomatch reads "**" inside braces differently.)
  return [glob, `${glob}/**`];
}
