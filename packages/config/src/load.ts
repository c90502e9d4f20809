import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { mergeConfigs } from "./merge.js";
import { isPresetName, presets } from "./presets.js";
import { readConfigFile } from "./read.js";
import { resolvePackage } from "./resolve.js";
import { parseSize } from "./size.js";
import type { BallastConfig, ConfigProblem, LoadConfigResult } from "./types.js";
import { validateConfig } from "./validate.js";

export interface LoadConfigOptions {
  /** Where to start looking (default: process.cwd()). The search stops at the git root. */
  cwd?: string;
  /** An explicit config file; no search is made. */
  configFile?: string;
}

/** File names searched in each folder, in order of preference. */
export const CONFIG_FILES = [
  "ballast.config.ts",
  "ballast.config.mts",
  "ballast.config.mjs",
  "ballast.config.js",
  "ballast.config.json",
  ".ballastrc.json",
] as const;

/**
 * Find, read, extend, merge and validate the config. Never throws for a bad config:
 * every problem comes back in `problems`, each naming the file and the key path.
 * With no config file at all, the `recommended` preset applies.
 */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<LoadConfigResult> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const found = options.configFile ? { file: path.resolve(cwd, options.configFile) } : findConfigFile(cwd);
  const problems: ConfigProblem[] = [];
  const warnings: ConfigProblem[] = [];
  if (!found) {
    const config = mergeConfigs([presets.recommended], { sources: ["preset:recommended"], root: findRoot(cwd) });
    return { config, problems, warnings };
  }
  const file = found.file;
  const own = await readConfigFile(file, display(file), found.packageKey);
  if ("problem" in own) return { file, problems: [own.problem], warnings };

  const layers: BallastConfig[] = [];
  const sources: string[] = [];
  await collect({ config: own.config, file, stack: [file], layers, sources, problems });
  for (const layer of layers) checkLimits(layer, sources[layers.indexOf(layer)] ?? file, problems, warnings);
  if (problems.length > 0) return { file, problems, warnings };
  const config = mergeConfigs(layers, { sources, root: path.dirname(file) });
  if (config.limits.warn > config.limits.block) {
    warnings.push({ file, key: "limits.warn", message: "is larger than limits.block, so nothing is ever only warned about" });
  }
  return { config, file, problems, warnings };
}

interface Collect {
  config: unknown;
  file: string;
  stack: string[];
  layers: BallastConfig[];
  sources: string[];
  problems: ConfigProblem[];
}

/** Depth-first: a config's `extends` come before the config itself. */
async function collect({ config, file, stack, layers, sources, problems }: Collect): Promise<void> {
  const found = validateConfig(config).map((p) => ({ file: display(file), ...p }));
  if (found.length > 0) {
    problems.push(...found);
    return;
  }
  const valid = config as BallastConfig;
  const names = typeof valid.extends === "string" ? [valid.extends] : (valid.extends ?? []);
  for (const [i, name] of names.entries()) {
    const key = typeof valid.extends === "string" ? "extends" : `extends[${i}]`;
    if (stack.includes(name)) {
      problems.push({ file: display(file), key, message: `"${name}" extends itself (${[...stack, name].join(" → ")})` });
      continue;
    }
    if (isPresetName(name)) {
      await collect({ config: presets[name], file: `preset:${name}`, stack: [...stack, name], layers, sources, problems });
      continue;
    }
    const resolved = resolvePackage(name, file);
    if (!resolved) {
      problems.push({
        file: display(file),
        key,
        message: `"${name}" is neither a preset (${Object.keys(presets).join(", ")}) nor an installed package; install it with: npm install -D ${name}`,
      });
      continue;
    }
    const loaded = await readConfigFile(resolved, display(resolved));
    if ("problem" in loaded) {
      problems.push(loaded.problem);
      continue;
    }
    await collect({ config: loaded.config, file: resolved, stack: [...stack, name], layers, sources, problems });
  }
  if (problems.length === 0) {
    layers.push(valid.extends === undefined ? valid : { ...valid, extends: undefined });
    sources.push(file);
  }
}

function checkLimits(layer: BallastConfig, file: string, problems: ConfigProblem[], _warnings: ConfigProblem[]): void {
  const sized: Array<[string, unknown]> = [
    ...Object.entries(layer.limits ?? {}).map(([k, v]): [string, unknown] => [`limits.${k}`, v]),
    ...(layer.overrides ?? []).flatMap((o, i) =>
      Object.entries(o.limits ?? {}).map(([k, v]): [string, unknown] => [`overrides[${i}].limits.${k}`, v]),
    ),
  ];
  for (const [key, value] of sized) {
    if (parseSize(value) === undefined) {
      problems.push({ file: display(file), key, message: `${JSON.stringify(value)} is not a size ballast can use` });
    }
  }
}

/** Look in `cwd` and each parent up to the git root for a config file. */
export function findConfigFile(cwd: string): { file: string; packageKey?: boolean } | undefined {
  for (let dir = cwd; ; dir = path.dirname(dir)) {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      entries = [];
    }
    for (const name of CONFIG_FILES) if (entries.includes(name)) return { file: path.join(dir, name) };
    if (entries.includes("package.json")) {
      let text = "";
      try {
        text = readFileSync(path.join(dir, "package.json"), "utf8");
        const pkg = JSON.parse(text) as { ballast?: unknown };
        if (pkg.ballast !== undefined) return { file: path.join(dir, "package.json"), packageKey: true };
      } catch {
        // A broken package.json is not ours to report, unless it holds our config: then
        // ignoring it would silently drop the policy (fail closed: reading it reports the JSON error).
        if (/"ballast"\s*:/.test(text)) return { file: path.join(dir, "package.json"), packageKey: true };
      }
    }
    if (entries.includes(".git") || path.dirname(dir) === dir) return undefined;
  }
}

function findRoot(cwd: string): string {
  for (let dir = cwd; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, ".git")) || path.dirname(dir) === dir) return dir;
  }
}

function display(file: string): string {
  if (file.startsWith("preset:")) return file;
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith("..") ? relative : file;
}
