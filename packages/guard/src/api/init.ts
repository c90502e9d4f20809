import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { findConfigFile, isPresetName, PRESET_NAMES, type PresetName } from "@ballast/config";
import { BallastError } from "../errors.js";
import { openRepo } from "../git/repo.js";
import { hooksPath as configuredHooksPath, installLfsFilters, lfsFiltersSet, lfsVersion } from "../git/setup.js";
import { CONFIG_FILE, configFileText } from "../init/config-file.js";
import { HOOKS, mergeHook, RUNS, type HookName, type HookPlan } from "../init/hooks.js";
import { ignoreNodeModules } from "../init/gitignore.js";
import { addLintStagedTask } from "../init/lint-staged.js";
import { hasDependency, HUSKY_VERSION, withPrepare } from "../init/package-json.js";
import { addDevCommand, detectPreset, inspectProject, installCommand, type PackageManager, type Project } from "../init/project.js";
import { runHusky, runPackageManager } from "../init/run.js";
import { initWords } from "../messages.js";
import { makeReport, type Report } from "../report/types.js";

export interface InitOptions {
  /** Where to run (default: process.cwd()): the folder with package.json, or below it. */
  cwd?: string;
  /** A preset to extend; detected from the tree when not given. */
  preset?: string;
  /** pre-commit runs lint-staged, and lint-staged's config gets a `ballast check` task. */
  lintStaged?: boolean;
  /** Do not run the package manager (husky is then listed as a step left to do). */
  install?: boolean;
}

/** One thing init did, or found already done, or left for the user. */
export interface InitAction {
  /** A file relative to the git root, or a setting (`core.hooksPath`). */
  target: string;
  status: "created" | "updated" | "unchanged" | "todo" | "warning";
  detail: string;
  /** For "todo" and "warning": the command that finishes the job. */
  fix?: string;
}

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
    throw new BallastError("BAD_ARGUMENTS", initWords.badPreset(options.preset, PRESET_NAMES), { fix: "npx ballast init --preset rasa" });
  }
  const huskyDir = project.subdir ? `${project.subdir}/.husky` : ".husky";
  const hooksPath = (await configuredHooksPath(repo.root)) ?? "";
  if (hooksPath && !/(^|\/)\.husky(\/_)?\/?$/.test(hooksPath)) {
    throw new BallastError("BAD_ARGUMENTS", initWords.foreignHooksPath(hooksPath), { fix: initWords.foreignHooksPathFix(hooksPath) });
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

  const pkgFile = path.join(project.packageDir, "package.json");
  const prepared = withPrepare(readFileSync(pkgFile, "utf8"), project.subdir);
  if (prepared) writeFileSync(pkgFile, prepared);
  actions.push({ target: rel(pkgFile), status: prepared ? "updated" : "unchanged", detail: initWords.prepare(!prepared) });

  addDevDependency(project, `husky@${HUSKY_VERSION}`, options, actions);
  if (options.lintStaged) addDevDependency(project, "lint-staged@16.4.0", options, actions);

  await activateHooks(project, huskyDir, hooksPath, actions);
  if (plan.lfs) await wireLfs(project, actions);
  foreignHooks(repo.gitDir, hooksPath, plan.lfs, actions);

  const alreadySetUp = actions.every((a) => a.status === "unchanged");
  const notes = alreadySetUp ? [initWords.alreadySetUp] : [initWords.next(installCommand(project.packageManager))];
  const report = makeReport("init", [], { checked: 0, notes });
  return { ...report, command: "init", actions, ...(preset ? { preset } : {}), packageManager: project.packageManager, alreadySetUp };
}

async function writeConfig(project: Project, options: InitOptions, actions: InitAction[]): Promise<PresetName | undefined> {
  const root = project.repo.root;
  const existing = findConfigFile(project.packageDir) ?? findConfigFile(root);
  if (existing) {
    const name = path.relative(root, existing.file).split(path.sep).join("/");
    actions.push({ target: name, status: "unchanged", detail: initWords.configKept(options.preset) });
    return undefined;
  }
  const preset = (options.preset as PresetName | undefined) ?? (await detectPreset(project));
  writeFileSync(path.join(root, CONFIG_FILE), configFileText({ preset, root, subdir: project.subdir }));
  actions.push({ target: CONFIG_FILE, status: "created", detail: initWords.configWritten(preset, options.preset === undefined) });
  return preset;
}

function writeHook(hook: HookName, file: string, plan: HookPlan, actions: InitAction[], rel: (f: string) => string): void {
  const lfsHook = hook !== "pre-commit" && hook !== "pre-push";
  if (lfsHook && !plan.lfs) return;
  const existing = existsSync(file) ? readFileSync(file, "utf8") : undefined;
  const next = mergeHook(hook, existing, plan);
  if (next !== undefined) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, next);
    chmodSync(file, 0o755);
  }
  const status = next === undefined ? "unchanged" : existing === undefined ? "created" : "updated";
  actions.push({ target: rel(file), status, detail: initWords.hook(hook, plan) });
}

function lintStagedTask(project: Project, actions: InitAction[]): void {
  const edit = addLintStagedTask(project.packageDir);
  const target = path.relative(project.repo.root, path.join(project.packageDir, edit.file)).split(path.sep).join("/");
  if ("text" in edit) {
    writeFileSync(path.join(project.packageDir, edit.file), edit.text);
    actions.push({ target, status: "updated", detail: initWords.lintStagedTask });
  } else if ("unchanged" in edit) {
    actions.push({ target, status: "unchanged", detail: initWords.lintStagedTask });
  } else {
    actions.push({ target, status: "todo", detail: initWords.lintStagedManual(edit.manual), fix: `add ${edit.manual} to ${edit.file}` });
  }
}

/** A dev dependency the hooks need in every clone: husky (its `prepare`), lint-staged. */
function addDevDependency(project: Project, spec: string, options: InitOptions, actions: InitAction[]): void {
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
      ? { target, status: "updated", detail: `${initWords.dependency(name)} (${command.slice(0, 5).join(" ")})` }
      : { target, status: "todo", detail: initWords.dependencyFailed(name, outcome.output), fix: command.join(" ") },
  );
}

/** Point core.hooksPath at husky's hooks now, as `npm install` will in every clone. */
async function activateHooks(project: Project, huskyDir: string, hooksPath: string, actions: InitAction[]): Promise<void> {
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
async function wireLfs(project: Project, actions: InitAction[]): Promise<void> {
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
  actions.push({ target: "git-lfs", status: "updated", detail: `${initWords.lfsFilters} (git lfs install --local --skip-repo)` });
}

/** Hooks in .git/hooks stop running once husky owns core.hooksPath: say which. */
function foreignHooks(gitDir: string, hooksPath: string, lfs: boolean, actions: InitAction[]): void {
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
