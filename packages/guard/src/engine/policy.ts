import type { ResolvedConfig, RuleId, RuleSetting } from "@ballast/config";
import { createRequire } from "node:module";
import type picomatchType from "picomatch";
import type { PathPolicy } from "../rules/types.js";
import { globMatcher } from "../util/glob-match.js";

/**
 * Globs follow .gitignore intuition: `/`-separated repository paths, dotfiles match,
 * and a pattern without a slash matches the file name at any depth ("*.pem", ".env").
 */
const GLOB_OPTIONS: picomatchType.PicomatchOptions = { dot: true, posix: true };

export type Matcher = (path: string) => boolean;

export function compileGlobs(globs: string[]): Matcher {
  if (globs.length === 0) return () => false;
  const patterns = globs.map(gitignoreStyle);
  const simple = patterns.map(simpleMatcher);
  if (simple.every((m): m is SimpleMatcher => m !== undefined)) {
    if (simple.length === 1) return simple[0]!;
    // The file name is cut out once per path, not once per glob.
    return (path) => {
      const name = nameOf(path);
      return simple.some((m) => m(path, name));
    };
  }
  return globMatcher(picomatch(), patterns, GLOB_OPTIONS);
}

let picomatchModule: typeof picomatchType | undefined;

/**
 * picomatch is loaded only for a glob simpleMatcher() cannot take: it is most of the
 * code a commit would otherwise load, and the presets' globs are all simple.
 */
function picomatch(): typeof picomatchType {
  picomatchModule ??= createRequire(import.meta.url)("picomatch") as typeof picomatchType;
  return picomatchModule;
}

const NAME = /^[\w.\- ]+$/;
const DIR = /^[\w.\- ]+(\/[\w.\- ]+)*$/;

// The shapes most globs take, matched with string tests exactly as picomatch matches
// them with { dot: true, posix: true } (test/unit/globs.test.ts compares the two):
//   "**/*.ext"       the file name ends with ".ext", at any depth (".ext" itself too)
//   "**/name"        the file name is "name", at any depth
//   "dir/**"         dir itself or anything under it
//   "dir/**/*.ext"   under dir/, the file name ends with ".ext"
//   "a/b.txt"        exactly that path
// Anything else (braces, classes, "?", a "*" elsewhere) returns undefined.
/** A matcher that may be given the path's file name, already cut out. */
type SimpleMatcher = (path: string, name?: string) => boolean;

const nameOf = (path: string) => path.slice(path.lastIndexOf("/") + 1);

export function simpleMatcher(glob: string): SimpleMatcher | undefined {
  const plainDir = (dir: string) => DIR.test(dir) && !dir.split("/").some((part) => part === "." || part === "..");
  let m = /^\*\*\/\*(\.[\w.\- ]+)$/.exec(glob);
  if (m) {
    const ext = m[1]!;
    return (path, name = nameOf(path)) => name.endsWith(ext);
  }
  m = /^\*\*\/([\w.\- ]+)$/.exec(glob);
  if (m && NAME.test(m[1]!) && m[1] !== "." && m[1] !== "..") {
    const wanted = m[1]!;
    return (path, name = nameOf(path)) => name === wanted;
  }
  m = /^(.+)\/\*\*$/.exec(glob);
  if (m && plainDir(m[1]!)) {
    const dir = m[1]!;
    return (path) => path === dir || path.startsWith(`${dir}/`);
  }
  m = /^(.+)\/\*\*\/\*(\.[\w.\- ]+)$/.exec(glob);
  if (m && plainDir(m[1]!)) {
    const [dir, ext] = [`${m[1]!}/`, m[2]!];
    return (path, name) => path.startsWith(dir) && (name ?? nameOf(path)).endsWith(ext);
  }
  if (plainDir(glob)) return (path) => path === glob;
  return undefined;
}

/**
 * "*.pem" matches at any depth, "/.env" only at the top, "docs/*.png" from the top.
 * (picomatch's own `basename` option also rewrites patterns that contain a slash.)
 */
export function gitignoreStyle(glob: string): string {
  if (glob.startsWith("/")) return glob.slice(1);
  return glob.includes("/") ? glob : `**/${glob}`;
}

/** The config compiled once per run, asked once per path. */
export interface Policy {
  config: ResolvedConfig;
  forPath(path: string): PathPolicy;
  ruleSetting(rule: RuleId, path: string): RuleSetting;
  /** The rule's setting when no override can change it for any path (else undefined: ask per path). */
  ruleSettingEverywhere(rule: RuleId): RuleSetting | undefined;
}

export function compilePolicy(config: ResolvedConfig): Policy {
  const allow = compileGlobs(config.allow);
  const redirect = compileGlobs(config.redirect.files);
  const forbidden = config.forbidden.map((glob) => ({ glob, match: compileGlobs([glob]) }));
  const overrides = config.overrides.map((o) => ({ ...o, match: compileGlobs(o.files) }));
  const answers = new Map<string, PathPolicy>();

  return {
    config,
    forPath(path) {
      // One shared, read-only object per distinct answer: a walk asks for every path of a
      // history, and a new object per path was ~60,000 objects alive at once in a
      // 100,000-file scan.
      let key = "";
      for (let i = 0; i < overrides.length; i++) if (overrides[i]!.match(path)) key += `${i},`;
      const allowed = allow(path);
      const redirected = redirect(path);
      const found = forbidden.findIndex((f) => f.match(path));
      key += `${allowed ? 1 : 0}${redirected ? 1 : 0}${found}`;
      let answer = answers.get(key);
      if (!answer) {
        let limits = config.limits;
        for (const o of overrides) if (o.match(path)) limits = { ...limits, ...o.limits };
        answer = { limits, allowed, redirect: redirected, redirectMode: config.redirect.mode, forbidden: forbidden[found]?.glob };
        answers.set(key, answer);
      }
      return answer;
    },
    ruleSetting(rule, path) {
      let setting = config.rules[rule];
      for (const o of overrides) {
        const own = o.rules[rule];
        if (own && o.match(path)) setting = own;
      }
      return setting;
    },
    ruleSettingEverywhere(rule) {
      return overrides.some((o) => o.rules[rule]) ? undefined : config.rules[rule];
    },
  };
}
