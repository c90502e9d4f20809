/**
 * What init sets up beyond its own files: the dev dependencies (through the package
 * manager), core.hooksPath (through husky), git-lfs's filters, and a word on hooks in
 * .git/hooks that stop running once husky owns core.hooksPath.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { hooksPath as configuredHooksPath, installLfsFilters, lfsFiltersSet, lfsVersion } from "../git/setup.js";
import { initWords } from "../messages.js";
import { RUNS, type HookName } from "./hooks.js";
import { hasDependency } from "./package-json.js";
import { addDevCommand, installCommand, type Project } from "./project.js";
import { runHusky, runPackageManager } from "./run.js";
import type { InitAction, InitOptions } from "./types.js";

/** A dev dependency the hooks need in every clone: husky (its `prepare`), lint-staged. */
export function addDevDependency(project: Project, spec: string, options: InitOptions, actions: InitAction[]): void {
  const name = spec.slice(0, spec.lastIndexOf("@"));
  const pkgFile = path.join(project.packageDir, "package.json");
  const target = path.relative(project.repo.root, pkgFile).split(path.sep).join("/");
  if (hasDependency(readFileSync(pkgFile, "utf8"), name)) {
    actions.push({ target, status: "unchanged", detail: initWords.dependency(name) });
    return;
  }
  const command = addDevCommand(project.packageManager, spec);
  if (options.install === false) {
    actions.push({ target, status: "todo", detail: initWords.dependencyTodo(name), fix: command.join(" ") });
    return;
  }
  const outcome = runPackageManager(command, project.packageDir);
  actions.push(
    outcome.ok
      ? { target, status: "updated", detail: initWords.dependencyAdded(name, command.slice(0, 5).join(" ")) }
      : { target, status: "todo", detail: initWords.dependencyFailed(name, outcome.output), fix: command.join(" ") },
  );
}

/** Point core.hooksPath at husky's hooks now, as `npm install` will in every clone. */
export async function activateHooks(project: Project, huskyDir: string, hooksPath: string, actions: InitAction[]): Promise<void> {
  const root = project.repo.root;
  const wanted = `${huskyDir}/_`;
  if (hooksPath === wanted && existsSync(path.join(root, wanted, "h"))) {
    actions.push({ target: "core.hooksPath", status: "unchanged", detail: initWords.hooksActive(wanted) });
    return;
  }
  const outcome = runHusky({ root, packageDir: project.packageDir, dir: huskyDir });
  const now = await configuredHooksPath(root);
  actions.push(
    outcome.ok && now === wanted
      ? { target: "core.hooksPath", status: "updated", detail: initWords.hooksActive(wanted) }
      : { target: "core.hooksPath", status: "todo", detail: initWords.huskyFailed(outcome.output), fix: installCommand(project.packageManager) },
  );
}

/** git-lfs's filters in this clone (`git lfs install` refuses under husky's hooks path). */
export async function wireLfs(project: Project, actions: InitAction[]): Promise<void> {
  const root = project.repo.root;
  if (!(await lfsVersion(root))) {
    actions.push({ target: "git-lfs", status: "warning", detail: initWords.lfsMissing, fix: initWords.lfsInstallFix });
    return;
  }
  if (await lfsFiltersSet(root, "local")) {
    actions.push({ target: "git-lfs", status: "unchanged", detail: initWords.lfsFilters });
    return;
  }
  await installLfsFilters(root);
  actions.push({ target: "git-lfs", status: "updated", detail: initWords.lfsFiltersInstalled });
}

/** Hooks in .git/hooks stop running once husky owns core.hooksPath: say which. */
export function foreignHooks(gitDir: string, hooksPath: string, lfs: boolean, actions: InitAction[]): void {
  if (hooksPath) return;
  const dir = path.join(gitDir, "hooks");
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((n) => !n.endsWith(".sample"));
  } catch {
    return;
  }
  for (const name of names) {
    let text: string;
    try {
      text = readFileSync(path.join(dir, name), "utf8");
    } catch {
      continue; // a folder, or unreadable: not a hook git would run
    }
    if (lfs && RUNS.lfs(name as HookName).test(text) && /git-lfs|git lfs/.test(text)) continue;
    actions.push({ target: `.git/hooks/${name}`, status: "warning", detail: initWords.foreignHook(name) });
  }
}
