import type { ResolvedConfig, RuleId, RuleSetting } from "@ballast/config";
import picomatch from "picomatch";
import type { PathPolicy } from "../rules/types.js";

/**
 * Globs follow .gitignore intuition: `/`-separated repository paths, dotfiles match,
 * and a pattern without a slash matches the file name at any depth ("*.pem", ".env").
 */
const GLOB_OPTIONS: picomatch.PicomatchOptions = { dot: true, posix: true };

export type Matcher = (path: string) => boolean;

export function compileGlobs(globs: string[]): Matcher {
  if (globs.length === 0) return () => false;
  return picomatch(globs.map(gitignoreStyle), GLOB_OPTIONS);
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
}

export function compilePolicy(config: ResolvedConfig): Policy {
  const allow = compileGlobs(config.allow);
  const redirect = compileGlobs(config.redirect.files);
  const forbidden = config.forbidden.map((glob) => ({ glob, match: compileGlobs([glob]) }));
  const overrides = config.overrides.map((o) => ({ ...o, match: compileGlobs(o.files) }));

  return {
    config,
    forPath(path) {
      const limits = { ...config.limits };
      for (const o of overrides) if (o.match(path)) Object.assign(limits, o.limits);
      return {
        limits,
        allowed: allow(path),
        redirect: redirect(path),
        redirectMode: config.redirect.mode,
        forbidden: forbidden.find((f) => f.match(path))?.glob,
      };
    },
    ruleSetting(rule, path) {
      let setting = config.rules[rule];
      for (const o of overrides) {
        const own = o.rules[rule];
        if (own && o.match(path)) setting = own;
      }
      return setting;
    },
  };
}
