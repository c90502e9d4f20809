/**
 * Edits to package.json that keep the user's formatting (indent, trailing newline) and
 * every key they had. Pure: text in, text out (undefined when nothing changes).
 */

/** husky's version: its `prepare` script is what gives a teammate the hooks on `npm install`. */
export const HUSKY_VERSION = "9.1.7";

interface Pkg {
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  "lint-staged"?: unknown;
  [key: string]: unknown;
}

export function parsePackageJson(text: string): Pkg {
  return JSON.parse(text) as Pkg;
}

export function formatPackageJson(original: string, pkg: Pkg): string {
  const indent = /^\{\s*\n(\s+)"/.exec(original)?.[1] ?? "  ";
  return `${JSON.stringify(pkg, null, indent)}\n`;
}

/**
 * The `prepare` script husky documents: `husky` at the git root, or
 * `cd ../.. && husky apps/bot/.husky` when package.json sits in a monorepo subfolder
 * (husky must run where `.git` is, and refuses a hooks folder given with `..`).
 */
export function prepareScript(subdir: string): string {
  if (!subdir) return "husky";
  const up = subdir.split("/").map(() => "..").join("/");
  return `cd ${up} && husky ${subdir}/.husky`;
}

/** Add husky to "prepare", keeping an existing prepare script after it. */
export function withPrepare(text: string, subdir: string): string | undefined {
  const pkg = parsePackageJson(text);
  const current = pkg.scripts?.prepare;
  if (current && /\bhusky\b/.test(current)) return undefined;
  const script = prepareScript(subdir);
  pkg.scripts = { ...pkg.scripts, prepare: current ? `${script} && ${current}` : script };
  return formatPackageJson(text, pkg);
}

export function hasDependency(text: string, name: string): boolean {
  const pkg = parsePackageJson(text);
  return Boolean(pkg.devDependencies?.[name] ?? pkg.dependencies?.[name]);
}
