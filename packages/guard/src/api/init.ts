import path from "node:path";
import { isPresetName, PRESET_NAMES, type PresetName } from "@ballast/config";
import { BallastError } from "../errors.js";
import { openRepo } from "../git/repo.js";
import { hooksPath as configuredHooksPath } from "../git/setup.js";
import { lintStagedTask, writeConfig, writeHook, writePrepare } from "../init/files.js";
import { HOOKS, type HookPlan } from "../init/hooks.js";
import { ignoreNodeModules } from "../init/gitignore.js";
import { HUSKY_VERSION } from "../init/package-json.js";
import { inspectProject, installCommand, type PackageManager } from "../init/project.js";
import type { InitAction, InitOptions } from "../init/types.js";
import { activateHooks, addDevDependency, foreignHooks, wireLfs } from "../init/wiring.js";
import { initWords } from "../messages.js";
import { makeReport, type Report } from "../report/types.js";

export type { InitAction, InitOptions } from "../init/types.js";

export interface InitReport extends Report {
  command: "init";
  actions: InitAction[];
  preset?: PresetName;
  packageManager: PackageManager;
  /** True when nothing had to change: ballast was already set up. */
  alreadySetUp: boolean;
}

/**
 * Set ballast up in an existing repository: a config file, husky's hooks (pre-commit,
 * pre-push, and git-lfs's when the repository uses LFS), `"prepare": "husky"` so a
 * teammate's `npm install` installs them too, and core.hooksPath pointed at them now.
 * Idempotent: a second run changes nothing. Lines a user wrote are never removed.
 */
export async function init(options: InitOptions = {}): Promise<InitReport> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const repo = await openRepo(cwd);
  const project = await inspectProject(repo, cwd);
  if (!project) throw new BallastError("BAD_ARGUMENTS", initWords.noPackageJson(), { fix: initWords.noPackageJsonFix });
  if (options.preset !== undefined && !isPresetName(options.preset)) {
    throw new BallastError("BAD_ARGUMENTS", initWords.badPreset(options.preset, PRESET_NAMES), { fix: initWords.badPresetFix });
  }
  const huskyDir = project.subdir ? `${project.subdir}/.husky` : ".husky";
  const hooksPath = (await configuredHooksPath(repo.root)) ?? "";
  if (hooksPath && !/(^|\/)\.husky(\/_)?\/?$/.test(hooksPath)) {
    throw new BallastError("BAD_ARGUMENTS", initWords.foreignHooksPath(hooksPath), { fix: initWords.foreignHooksPathFix(hooksPath, project.subdir) });
  }

  const actions: InitAction[] = [];
  const rel = (file: string) => path.relative(repo.root, file).split(path.sep).join("/");
  const preset = await writeConfig(project, options, actions);
  // Before `git add -A` is suggested: an npm init -y bot has no .gitignore.
  actions.push({ target: ".gitignore", status: await ignoreNodeModules(repo, project.subdir), detail: initWords.gitignore });

  const plan: HookPlan = {
    subdir: project.subdir,
    packageManager: project.packageManager,
    lfs: project.lfsAttributes.length > 0,
    lintStaged: Boolean(options.lintStaged),
  };
  for (const hook of HOOKS) writeHook(hook, path.join(repo.root, huskyDir, hook), plan, actions, rel);
  if (options.lintStaged) lintStagedTask(project, actions);
  writePrepare(project, actions);

  addDevDependency(project, `husky@${HUSKY_VERSION}`, options, actions);
  if (options.lintStaged) addDevDependency(project, "lint-staged@16.4.0", options, actions);

  await activateHooks(project, huskyDir, hooksPath, actions);
  if (plan.lfs) await wireLfs(project, actions);
  foreignHooks(repo.gitDir, hooksPath, plan.lfs, actions);

  const alreadySetUp = actions.every((a) => a.status === "unchanged");
  const notes = alreadySetUp ? [initWords.alreadySetUp] : [initWords.next(installCommand(project.packageManager))];
  // A step left to the user (a lint-staged config that is code) comes last, where it is read.
  for (const todo of actions.filter((a) => a.status === "todo" && a.fix)) notes.push(initWords.leftToDo(todo.fix!));
  const report = makeReport("init", [], { checked: 0, notes });
  return { ...report, command: "init", actions, ...(preset ? { preset } : {}), packageManager: project.packageManager, alreadySetUp };
}
