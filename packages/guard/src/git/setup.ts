import { ask } from "./simple.js";

/**
 * What `init` and `doctor` ask about a clone's setup: which git, which git-lfs, where the
 * hooks are, whether git-lfs's filters are wired. One function per question, asked
 * through simple-git (git/simple.ts): cold commands, never a hook.
 */

export interface GitVersion {
  /** As git prints it: "git version 2.39.5". */
  text: string;
  major: number;
  minor: number;
}

/** `git --version`, parsed by simple-git. */
export async function gitVersion(cwd: string): Promise<GitVersion> {
  const version = await ask(cwd, ["--version"], (git) => git.version());
  return { text: `git version ${String(version)}${version.agent ? ` (${version.agent})` : ""}`, major: version.major, minor: Number(version.minor) };
}

/** `core.hooksPath` as configured (any scope), or undefined when it is not set. */
export async function hooksPath(cwd: string): Promise<string | undefined> {
  return (await configValue(cwd, "core.hooksPath")) || undefined;
}

/** The folder whose hooks git runs: core.hooksPath (relative to the top folder) or .git/hooks, absolute. */
export async function hooksDir(cwd: string): Promise<string> {
  return (await ask(cwd, ["rev-parse"], (git) => git.raw(["rev-parse", "--path-format=absolute", "--git-path", "hooks"]))).trim();
}

/** `git lfs version` ("git-lfs/3.3.0 (GitHub; linux amd64; go 1.19.8)"), or undefined when git-lfs is not installed. */
export async function lfsVersion(cwd: string): Promise<string | undefined> {
  return ask(cwd, ["lfs"], (git) => git.raw(["lfs", "version"])).then(
    (text) => text.trim() || undefined,
    () => undefined,
  );
}

/** Whether git-lfs's filter is set (`filter.lfs.process`): in this clone only (`local`), or in any config git reads. */
export async function lfsFiltersSet(cwd: string, scope: "local" | "any"): Promise<boolean> {
  return Boolean(await configValue(cwd, "filter.lfs.process", scope === "local"));
}

/** `git lfs install --local --skip-repo`: git-lfs's filters in this clone, no hooks (husky owns core.hooksPath). */
export async function installLfsFilters(cwd: string): Promise<void> {
  await ask(cwd, ["lfs"], (git) => git.raw(["lfs", "install", "--local", "--skip-repo"]));
}

/** One config value as git resolves it (the last one set wins), or "" when it is not set. */
async function configValue(cwd: string, key: string, local = false): Promise<string> {
  const found = await ask(cwd, ["config"], (git) => git.getConfig(key, local ? "local" : undefined));
  return found.value ?? "";
}
