import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { formatPackageJson, parsePackageJson } from "./package-json.js";

/** The task ballast adds: lint-staged appends the staged file names to it. */
export const LINT_STAGED_TASK = "ballast check";

/** lint-staged's config files, in lint-staged's own order of lookup. */
const FILES = [
  ".lintstagedrc",
  ".lintstagedrc.json",
  ".lintstagedrc.yaml",
  ".lintstagedrc.yml",
  ".lintstagedrc.mjs",
  ".lintstagedrc.js",
  ".lintstagedrc.cjs",
  "lint-staged.config.mjs",
  "lint-staged.config.js",
  "lint-staged.config.cjs",
];

export type LintStagedEdit =
  | { file: string; text: string }
  | { file: string; unchanged: true }
  /** A config ballast cannot edit safely (JavaScript, YAML): the user adds the task. */
  | { file: string; manual: string };

/**
 * The lint-staged config lint-staged would read next to package.json (its "lint-staged"
 * key, else the first config file), and whether its text runs `ballast check`; undefined
 * when there is none. Text, not evaluation: a JS config is never run to ask.
 */
export function lintStagedConfig(packageDir: string): { file: string; runsBallast: boolean } | undefined {
  const pkgText = existsSync(path.join(packageDir, "package.json")) ? readFileSync(path.join(packageDir, "package.json"), "utf8") : "";
  const pkg = pkgText ? parsePackageJson(pkgText) : {};
  if (pkg["lint-staged"] !== undefined) return { file: "package.json", runsBallast: RUNS_CHECK.test(JSON.stringify(pkg["lint-staged"])) };
  const file = FILES.find((f) => existsSync(path.join(packageDir, f)));
  return file ? { file, runsBallast: RUNS_CHECK.test(readFileSync(path.join(packageDir, file), "utf8")) } : undefined;
}

const RUNS_CHECK = /\bballast\s+check\b/;

/**
 * Add `"*": "ballast check"` to the lint-staged config next to package.json (its
 * "lint-staged" key, or a JSON rc file); with no config at all, add the key to package.json.
 */
export function addLintStagedTask(packageDir: string): LintStagedEdit {
  const pkgFile = path.join(packageDir, "package.json");
  const pkgText = readFileSync(pkgFile, "utf8");
  const pkg = parsePackageJson(pkgText);
  if (pkg["lint-staged"] !== undefined || !FILES.some((f) => existsSync(path.join(packageDir, f)))) {
    const config = withTask(pkg["lint-staged"] ?? {});
    if (!config) return { file: "package.json", unchanged: true };
    return { file: "package.json", text: formatPackageJson(pkgText, { ...pkg, "lint-staged": config }) };
  }
  const file = FILES.find((f) => existsSync(path.join(packageDir, f)))!;
  const text = readFileSync(path.join(packageDir, file), "utf8");
  if (text.includes(LINT_STAGED_TASK)) return { file, unchanged: true };
  let data: unknown;
  try {
    data = /\.(c|m)?js$|\.ya?ml$/.test(file) ? undefined : JSON.parse(text);
  } catch {
    data = undefined;
  }
  const config = data && typeof data === "object" ? withTask(data) : undefined;
  if (!config) return { file, manual: `"*": "${LINT_STAGED_TASK}"` };
  const indent = /^\{\s*\n(\s+)"/.exec(text)?.[1] ?? "  ";
  return { file, text: `${JSON.stringify(config, null, indent)}\n` };
}

/** The config with the task added under "*", or undefined when ballast already runs. */
function withTask(config: unknown): Record<string, unknown> | undefined {
  if (!config || typeof config !== "object" || Array.isArray(config)) return undefined;
  const tasks = config as Record<string, unknown>;
  if (JSON.stringify(tasks).includes(LINT_STAGED_TASK)) return undefined;
  const current = tasks["*"];
  const next = current === undefined ? LINT_STAGED_TASK : [...(Array.isArray(current) ? current : [current]), LINT_STAGED_TASK];
  return { ...tasks, "*": next };
}
