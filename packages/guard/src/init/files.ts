/**
 * The files init writes in the project: the config file, husky's hook scripts, a
 * lint-staged task and package.json's "prepare". Each step adds what it did (or found done) to `actions`.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { findConfigFile, type PresetName } from "@ballast/config";
import { initWords } from "../messages.js";
import { CONFIG_FILE, configFileText } from "./config-file.js";
import { mergeHook, type HookName, type HookPlan } from "./hooks.js";
import { addLintStagedTask } from "./lint-staged.js";
import { withPrepare } from "./package-json.js";
import { detectPreset, type Project } from "./project.js";
import type { InitAction, InitOptions } from "./types.js";

/** The config file, unless one is there already; the preset it extends (given or detected). */
export async function writeConfig(project: Project, options: InitOptions, actions: InitAction[]): Promise<PresetName | undefined> {
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

/** One hook script: ballast's lines merged into what is there (git-lfs's only where LFS is used). */
export function writeHook(hook: HookName, file: string, plan: HookPlan, actions: InitAction[], rel: (f: string) => string): void {
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

/** `ballast check` in lint-staged's config, or the task to add by hand where it is code or YAML. */
export function lintStagedTask(project: Project, actions: InitAction[]): void {
  const edit = addLintStagedTask(project.packageDir);
  const target = path.relative(project.repo.root, path.join(project.packageDir, edit.file)).split(path.sep).join("/");
  if ("text" in edit) {
    writeFileSync(path.join(project.packageDir, edit.file), edit.text);
    actions.push({ target, status: "updated", detail: initWords.lintStagedTask });
  } else if ("unchanged" in edit) {
    actions.push({ target, status: "unchanged", detail: initWords.lintStagedTask });
  } else {
    actions.push({ target, status: "todo", detail: initWords.lintStagedManual(edit.manual), fix: initWords.lintStagedManualFix(edit.manual, edit.file) });
  }
}

/** `"prepare": "husky"` in package.json: a teammate's `npm install` sets the hooks up. */
export function writePrepare(project: Project, actions: InitAction[]): void {
  const pkgFile = path.join(project.packageDir, "package.json");
  const prepared = withPrepare(readFileSync(pkgFile, "utf8"), project.subdir);
  if (prepared) writeFileSync(pkgFile, prepared);
  const target = path.relative(project.repo.root, pkgFile).split(path.sep).join("/");
  actions.push({ target, status: prepared ? "updated" : "unchanged", detail: initWords.prepare(!prepared) });
}
