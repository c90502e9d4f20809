import { existsSync } from "node:fs";
import path from "node:path";
import { loadConfig, type ResolvedConfig } from "@ballast/config";
import { checkCache } from "../doctor/cache.js";
import { checkHookLines } from "../doctor/hooks.js";
import { checkStorage } from "../doctor/store.js";
import type { DoctorCheck } from "../doctor/types.js";
import { openRepo, type Repo } from "../git/repo.js";
import { gitVersion } from "../git/setup.js";
import { lfsAttributeFiles } from "../init/project.js";
import { doctorWords as w } from "../messages.js";
import { makeReport, type Report } from "../report/types.js";
import type { BaseOptions } from "./context.js";

export interface DoctorOptions extends Omit<BaseOptions, "config"> {
  /** Milliseconds to wait for the store (default: the store's timeout, at most 10 s). */
  timeout?: number;
  /** Where BALLAST_STORE is read (default process.env). */
  env?: NodeJS.ProcessEnv;
}

export type { DoctorCheck } from "../doctor/types.js";

export interface DoctorReport extends Report {
  command: "doctor";
  checks: DoctorCheck[];
}

/** The oldest git ballast works with: `rev-parse --path-format` appeared in 2.31. */
export const MIN_GIT = [2, 31] as const;

/**
 * Diagnose this clone: git's version, git-lfs (present, and wired into the hooks when the
 * repository uses LFS), ballast's hooks in the effective hooks path, the config, the
 * store (one probe with a timeout), and the local cache. Never throws for what it finds:
 * each line is ok, warn or fail with the command that fixes it.
 */
export async function doctor(options: DoctorOptions = {}): Promise<DoctorReport> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const checks: DoctorCheck[] = [await checkGit(cwd)];
  const repo = await openRepo(cwd);
  checks.push(...(await checkHookLines(repo)));
  const { check: configCheck, config } = await checkConfig(repo, options);
  checks.push(configCheck, ...(await checkStorage(repo, config, cwd, options)), await checkCache(repo));

  const fails = checks.filter((c) => c.status === "fail").length;
  const warns = checks.filter((c) => c.status === "warn").length;
  const report = makeReport("doctor", [], { checked: checks.length });
  return { ...report, command: "doctor", summary: { ...report.summary, blocked: fails > 0, failed: fails, warned: warns }, checks };
}

async function checkGit(cwd: string): Promise<DoctorCheck> {
  const { text, major, minor } = await gitVersion(existsSync(cwd) ? cwd : process.cwd());
  const old = major < MIN_GIT[0] || (major === MIN_GIT[0] && minor < MIN_GIT[1]);
  return old ? { id: "git", status: "fail", detail: w.gitOld(text), fix: w.gitUpgrade } : { id: "git", status: "ok", detail: text };
}

async function checkConfig(repo: Repo, options: DoctorOptions): Promise<{ check: DoctorCheck; config?: ResolvedConfig }> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const result = await loadConfig({ cwd: repo.root, ...(options.configFile ? { configFile: path.resolve(cwd, options.configFile) } : {}) });
  const name = result.file ? path.relative(repo.root, result.file) || result.file : undefined;
  if (result.problems.length > 0 || !result.config) {
    const problems = result.problems.map((p) => `${p.file}: ${p.key} ${p.message}`);
    return { check: { id: "config", status: "fail", detail: w.configInvalid(name, problems.length), problems, fix: w.configFix } };
  }
  const extendsText = result.config.sources.filter((s) => s.startsWith("preset:")).map((s) => s.slice(7));
  if (!name) return { check: { id: "config", status: "warn", detail: w.configNone, fix: "npx ballast init" }, config: result.config };
  if (result.warnings.length > 0) {
    const problems = result.warnings.map((p) => `${p.file}: ${p.key} ${p.message}`);
    return { check: { id: "config", status: "warn", detail: w.configWarnings(name), problems }, config: result.config };
  }
  return { check: { id: "config", status: "ok", detail: w.configOk(name, extendsText) }, config: result.config };
}

/** For callers that want the bare facts: does this repository use LFS? */
export async function usesLfs(cwd: string): Promise<boolean> {
  return (await lfsAttributeFiles(await openRepo(cwd))).length > 0;
}
