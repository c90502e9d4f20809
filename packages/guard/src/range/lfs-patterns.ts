import { createRequire } from "node:module";
import type picomatchType from "picomatch";
import { globMatcher } from "../util/glob-match.js";

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
  // The patterns `git lfs track` writes ("*.bin", "models/**") are plain tests; picomatch
  // (loading it is ~4 ms of every push) only for the others.
  const plain = plainTests(globs);
  if (plain) return (path) => {
    const lower = path.toLowerCase();
    return plain.some((test) => test(lower));
  };
  picomatchModule ??= createRequire(import.meta.url)("picomatch") as typeof picomatchType;
  return globMatcher(picomatchModule, globs, { dot: true, nocase: true });
}

let picomatchModule: typeof picomatchType | undefined;
const LITERAL = /^[\w.\- ]+$/;
const plainSegments = (text: string) => text.split("/").every((part) => LITERAL.test(part) && part !== "." && part !== "..");

/**
 * What picomatch answers ({ dot, nocase }) for widen()'s globs, as plain tests of a
 * lower-cased path, when every glob is a plain folder (`models`, `models/**`: it and what
 * is inside) or, below a plain folder and any folders, a plain name or `*` and a plain
 * ending (`*.bin`), optionally followed by `/**` (then any segment may be it, not only
 * the last). undefined: some glob needs picomatch.
 */
export function plainTests(globs: string[]): Array<(lower: string) => boolean> | undefined {
  const tests: Array<(lower: string) => boolean> = [];
  for (const glob of globs) {
    const g = glob.toLowerCase().replace(/(\/\*\*)+$/, "");
    const deep = g.lastIndexOf("**/");
    if (deep < 0) {
      if (!plainSegments(g)) return undefined;
      tests.push((lower) => lower === g || lower.startsWith(`${g}/`));
      continue;
    }
    const base = g.slice(0, deep);
    const last = g.slice(deep + 3);
    if ((base && (!base.endsWith("/") || !plainSegments(base.slice(0, -1)))) || last.includes("/")) return undefined;
    const ending = glob.toLowerCase().endsWith("/**");
    if (last.startsWith("*") && LITERAL.test(last.slice(1)) && last.length > 1) {
      const ext = last.slice(1);
      tests.push((lower) => lower.startsWith(base) && someSegment(lower, base.length, ending, (s) => s.endsWith(ext)));
    } else if (LITERAL.test(last) && last !== "." && last !== "..") {
      tests.push((lower) => lower.startsWith(base) && someSegment(lower, base.length, ending, (s) => s === last));
    } else return undefined;
  }
  return tests;
}

/** Does a segment of `lower` after `from` pass (only the last one, unless `any`)? */
function someSegment(lower: string, from: number, any: boolean, test: (segment: string) => boolean): boolean {
  const parts = lower.slice(from).split("/");
  if (!any) return test(parts[parts.length - 1]!);
  return parts.some(test);
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
