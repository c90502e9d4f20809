import path from "node:path";
import { BallastError } from "../errors.js";
import { compileGlobs } from "../engine/policy.js";
import type { Repo } from "../git/repo.js";
import { migrateWords } from "../messages.js";
import { REFERENCE_SUFFIX } from "../ref/format.js";

/**
 * The PATHs given to `ballast migrate`, as git lfs migrate's --include would read them:
 * a plain path names that file or everything under that folder (relative to where the
 * command runs); a glob (`*`, `?`, `[`) follows .gitignore rules ("*.bin" at any depth,
 * "models/*.pt" from the folder the command runs in).
 */
export interface PathSelection {
  /** Whether a repository path is selected. */
  match: (repoPath: string) => boolean;
  /** The same selection as git pathspecs, to ask git which commits touch it. */
  pathspecs: string[];
  /** The patterns as written relative to the top, to find their `.gitattributes` lines. */
  patterns: string[];
}

const GLOB = /[*?[]/;

export function selectPaths(repo: Repo, cwd: string, args: string[]): PathSelection {
  const prefix = path.relative(repo.root, path.resolve(cwd)).split(path.sep).join("/");
  if (prefix.startsWith("..")) throw new BallastError("BAD_ARGUMENTS", migrateWords.outside(cwd, repo.root), { fix: migrateWords.usage });
  const matchers: Array<(p: string) => boolean> = [];
  const pathspecs: string[] = [];
  const patterns: string[] = [];
  for (const arg of args) {
    if (GLOB.test(arg)) {
      // Anchored at the top, whatever the folder: "*.bin" → "**/*.bin", "a/*.pt" → "<prefix>/a/*.pt".
      const rooted = arg.startsWith("/") ? arg.slice(1) : join(prefix, arg.includes("/") ? arg : `**/${arg}`);
      matchers.push(compileGlobs([`/${rooted}`]));
      pathspecs.push(`:(glob)${rooted}`);
      patterns.push(arg);
      continue;
    }
    const absolute = path.resolve(cwd, arg);
    const relative = path.relative(repo.root, absolute).split(path.sep).join("/");
    if (relative.startsWith("..") || path.isAbsolute(relative)) {
      throw new BallastError("BAD_ARGUMENTS", migrateWords.outside(arg, repo.root), { fix: migrateWords.usage });
    }
    // `ballast migrate models/x.tar.gz.ballast` means the file it stands for, as with stow.
    const target = relative.endsWith(REFERENCE_SUFFIX) ? relative.slice(0, -REFERENCE_SUFFIX.length) : relative;
    matchers.push(target === "" ? () => true : (p) => p === target || p.startsWith(`${target}/`));
    pathspecs.push(target === "" ? ":/" : `:(literal)${target}`);
    patterns.push(target);
  }
  return { match: (p) => matchers.some((m) => m(p)), pathspecs, patterns };
}

const join = (prefix: string, rest: string) => (prefix ? `${prefix}/${rest}` : rest);
