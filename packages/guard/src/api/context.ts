import { loadConfig, type ConfigProblem, type ResolvedConfig } from "@ballast/config";
import path from "node:path";
import { configWords } from "../messages.js";
import { BallastError } from "../errors.js";
import { openRepo, type OpenRepoOptions, type Repo } from "../git/repo.js";
import { committedConfig } from "./committed-config.js";
import { compilePolicy, type Policy } from "../engine/policy.js";

/** Options every API call takes. */
export interface BaseOptions {
  /** The folder to work in (default: process.cwd()). */
  cwd?: string;
  /** An explicit config file. */
  configFile?: string;
  /** A config already resolved (skips loading). */
  config?: ResolvedConfig;
}

export interface Context {
  cwd: string;
  repo: Repo;
  config: ResolvedConfig;
  policy: Policy;
  warnings: ConfigProblem[];
}

/** A config that could not be used; `problems` lists every mistake at once. */
export class ConfigError extends BallastError {
  readonly problems: ConfigProblem[];
  readonly file?: string;
  /** `words`: another cause line or fix than a checkout's (a server's, for its pusher). */
  constructor(problems: ConfigProblem[], file?: string, words: { message?: string; fix?: string } = {}) {
    super("CONFIG_INVALID", words.message ?? configWords.invalid(file && path.basename(file), problems.length), { fix: words.fix ?? configWords.fix(problems) });
    this.problems = problems;
    if (file !== undefined) this.file = file;
  }
}

/** Resolve config with the repository's root as the starting point. */
export async function resolveConfig(options: BaseOptions, root: string): Promise<{ config: ResolvedConfig; warnings: ConfigProblem[] }> {
  if (options.config) return { config: options.config, warnings: [] };
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const result = await loadConfig({ cwd: root ?? cwd, ...(options.configFile ? { configFile: path.resolve(cwd, options.configFile) } : {}) });
  if (!result.config || result.problems.length > 0) throw new ConfigError(result.problems, result.file);
  return { config: result.config, warnings: result.warnings };
}

/**
 * The repository's config: as resolveConfig, except that a bare repository with no
 * explicit config reads the one committed at HEAD (it has no files to search).
 */
export async function resolveRepoConfig(options: BaseOptions, repo: Repo, trust: { code: boolean } = { code: true }): Promise<{ config: ResolvedConfig; warnings: ConfigProblem[] }> {
  if (!repo.bare || options.config || options.configFile) return resolveConfig(options, repo.root);
  const result = await committedConfig(repo, trust);
  if (!result.config || result.problems.length > 0) throw new ConfigError(result.problems, result.file);
  return { config: result.config, warnings: result.warnings };
}

/** Open the repository and load the config (`open.bare`: a bare repository will do). */
export async function openContext(options: BaseOptions, open: OpenRepoOptions = {}): Promise<Context> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const repo = await openRepo(cwd, undefined, open);
  const { config, warnings } = await resolveRepoConfig(options, repo);
  return { cwd, repo, config, policy: compilePolicy(config), warnings };
}
