import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { hooksDir, hooksPath, lfsFiltersSet, lfsVersion } from "../git/setup.js";
import type { Repo } from "../git/repo.js";
import { endsEarly, HOOKS, RUNS, type HookName } from "../init/hooks.js";
import { detectPackageManager, installCommand, lfsAttributeFiles } from "../init/project.js";
import { doctorWords as w, initWords } from "../messages.js";
import type { DoctorCheck } from "./types.js";
import { defaultRemote } from "../git/remotes.js";
import { lintStagedConfig } from "../init/lint-staged.js";

/** doctor's lines about hooks: git-lfs present and wired in (when LFS is used), then ballast's own. */
export async function checkHookLines(repo: Repo): Promise<DoctorCheck[]> {
  const hooks = await hookScripts(repo);
  const lfs = await checkLfs(repo, hooks);
  return [...lfs, checkHooks(repo, hooks, lfs.length > 1)];
}

/** The scripts that really run for each hook: husky's stubs point one folder up. */
interface HookScripts {
  dir: string;
  /** Where the scripts people edit live: husky's folder above its stubs, else the hooks dir. */
  scriptDir: string;
  configured?: string;
  husky: boolean;
  scripts: Partial<Record<HookName, string>>;
}

async function hookScripts(repo: Repo): Promise<HookScripts> {
  const configured = await hooksPath(repo.root);
  const dir = await hooksDir(repo.root);
  const scripts: HookScripts["scripts"] = {};
  let husky = false;
  for (const name of HOOKS) {
    const file = path.join(dir, name);
    if (!existsSync(file) || !(statSync(file).mode & 0o111)) continue;
    const text = readFileSync(file, "utf8");
    if (/\.\s+"\$\(dirname "\$0"\)\/h"/.test(text)) {
      husky = true;
      const real = path.join(dir, "..", name);
      if (existsSync(real)) scripts[name] = readFileSync(real, "utf8");
    } else scripts[name] = text;
  }
  return { dir, scriptDir: husky ? path.dirname(dir) : dir, ...(configured ? { configured } : {}), husky, scripts };
}

function checkHooks(repo: Repo, hooks: HookScripts, usesLfs: boolean): DoctorCheck {
  const pm = detectPackageManager(repo.root, repo.root);
  const prepared = /\bhusky\b/.test(readPackageJson(repo.root)?.scripts?.prepare ?? "");
  const missing: string[] = [];
  const preCommit = hooks.scripts["pre-commit"] ?? "";
  if (!RUNS.ballastPreCommit.test(preCommit) && !RUNS.lintStaged.test(preCommit)) missing.push(w.hookMissing("pre-commit", "ballast pre-commit"));
  if (!RUNS.ballastPrePush.test(hooks.scripts["pre-push"] ?? "")) missing.push(w.hookMissing("pre-push", 'ballast pre-push "$@"'));
  const where = path.relative(repo.root, hooks.scriptDir) || hooks.scriptDir;
  if (missing.length > 0) {
    // A clone whose package.json sets husky up but whose `npm install` has not run yet.
    // Another hook manager owns core.hooksPath: init refuses to take it over, so its fix is the lines to add there.
    const foreign = hooks.configured !== undefined && !/(^|\/)\.husky(\/_)?\/?$/.test(hooks.configured);
    const fix = foreign ? initWords.foreignHooksPathFix(hooks.configured!, "") : prepared && !hooks.husky ? installCommand(pm) : w.initFix;
    return { id: "hooks", status: "fail", detail: w.hooksMissing(where), problems: missing, fix };
  }
  // A block written by an older ballast ends the hook with success when BALLAST_SKIP is set
  // or ballast is missing: git-lfs's step after it never runs, and the remote loses objects.
  const early = HOOKS.filter((h) => endsEarly(hooks.scripts[h] ?? ""));
  if (early.length > 0) {
    const status = usesLfs ? "fail" : "warn";
    return { id: "hooks", status, detail: w.hooksOutdated(where, usesLfs), problems: early.map((h) => w.hookEndsEarly(h)), fix: w.initFix };
  }
  const sub = /^\s*cd\s+'?([^'\n]+?)'?\s+\|\|/m.exec(preCommit)?.[1] ?? "";
  const binDir = path.join(repo.root, sub, "node_modules", ".bin");
  if (hooks.husky && !existsSync(path.join(binDir, "ballast")) && !RUNS.lintStaged.test(preCommit)) {
    return { id: "hooks", status: "fail", detail: w.binaryMissing(where), fix: installCommand(detectPackageManager(path.join(repo.root, sub), repo.root)) };
  }
  const viaLintStaged = RUNS.lintStaged.test(preCommit) && !RUNS.ballastPreCommit.test(preCommit);
  if (viaLintStaged) {
    // lint-staged in the hook guards nothing unless its config runs ballast check.
    const config = lintStagedConfig(path.join(repo.root, sub));
    if (!config?.runsBallast) {
      const file = config ? path.join(sub, config.file).split(path.sep).join("/") : path.join(sub, "package.json").split(path.sep).join("/");
      return { id: "hooks", status: "fail", detail: w.lintStagedWithoutCheck(file), fix: w.lintStagedFix(file) };
    }
  }
  return { id: "hooks", status: "ok", detail: w.hooksOk(where, viaLintStaged) };
}

async function checkLfs(repo: Repo, hooks: HookScripts): Promise<DoctorCheck[]> {
  const attributes = await lfsAttributeFiles(repo);
  const version = await lfsVersion(repo.root);
  if (attributes.length === 0) {
    return [{ id: "git-lfs", status: "ok", detail: version ? w.lfsUnused(version) : w.lfsAbsentUnused }];
  }
  if (!version) return [{ id: "git-lfs", status: "fail", detail: w.lfsAbsent(attributes), fix: w.lfsInstall }];
  const lfsLine: DoctorCheck = { id: "git-lfs", status: "ok", detail: version };
  const missing = (["pre-push", "post-checkout", "post-commit", "post-merge"] as const).filter((h) => !RUNS.lfs(h).test(hooks.scripts[h] ?? ""));
  const filters = await lfsFiltersSet(repo.root, "any");
  const problems = [
    ...missing.map((h) => w.lfsHookMissing(h, path.relative(repo.root, hooks.scriptDir) || hooks.scriptDir)),
    ...(filters ? [] : [w.lfsFiltersMissing]),
  ];
  if (problems.length === 0) return [lfsLine, { id: "lfs-hooks", status: "ok", detail: w.lfsWired }];
  // Pushes made while git-lfs's pre-push was not chained left their LFS objects behind: after
  // init wires it, upload what the remote may lack (git-lfs skips what it has).
  const remote = missing.includes("pre-push") ? await defaultRemote(repo.root).catch(() => undefined) : undefined;
  const fix = missing.length === 0 ? w.lfsHooksFix : remote ? w.initThenLfsPush(remote) : w.initFix;
  return [lfsLine, { id: "lfs-hooks", status: "fail", detail: w.lfsNotWired(hooks.husky), problems, fix }];
}


function readPackageJson(dir: string): { scripts?: Record<string, string> } | undefined {
  try {
    return JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { scripts?: Record<string, string> };
  } catch {
    return undefined;
  }
}

