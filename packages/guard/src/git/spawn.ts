import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { accessSync, constants } from "node:fs";
import path from "node:path";
import { BallastError } from "../errors.js";
import { gitWords } from "../messages.js";
import { callerGit } from "./runner.js";

/**
 * Starting a git process: by absolute path (never a shell, never a cwd-relative binary),
 * with git's own environment kept (inside a hook GIT_INDEX_FILE and GIT_DIR are set on
 * purpose). Inside withGit(), the caller's git program and environment.
 */

let gitPath: string | undefined;

/** Find git on PATH once, by absolute path, so no shell and no cwd-relative binary is ever used. */
export function findGit(env: NodeJS.ProcessEnv = process.env): string {
  if (gitPath) return gitPath;
  const names = process.platform === "win32" ? ["git.exe", "git.cmd"] : ["git"];
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    if (!dir || !path.isAbsolute(dir)) continue;
    for (const name of names) {
      const candidate = path.join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        gitPath = candidate;
        return candidate;
      } catch {
        // not here
      }
    }
  }
  throw new BallastError("GIT_NOT_FOUND", gitWords.notFound, { fix: gitWords.installFix });
}

/** Whether git is on PATH (no process started: a look at PATH's folders). */
export function gitOnPath(env: NodeJS.ProcessEnv = process.env): boolean {
  try {
    return Boolean(findGit(env));
  } catch {
    return false;
  }
}

/** Forget the git found on PATH (it could not be started: it may have moved). */
export function forgetGit(): void {
  gitPath = undefined;
}

/** The environment git runs with: the caller's (inside withGit()) or this process's. */
export function gitEnv(): NodeJS.ProcessEnv {
  return callerGit()?.env ?? process.env;
}

/** The git program and environment a process started now gets, `extra` added. */
export function gitCommand(extra?: NodeJS.ProcessEnv): { binary: string; env: NodeJS.ProcessEnv } {
  const env = gitEnv();
  return { binary: callerGit()?.binary ?? findGit(), env: extra ? { ...env, ...extra } : env };
}

/** Start git with pipes on all three streams. */
export function startGit(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): ChildProcess {
  const { binary, env } = gitCommand(options.env);
  const spawnOptions: SpawnOptions = { cwd: options.cwd, env, stdio: ["pipe", "pipe", "pipe"], windowsHide: true };
  return spawn(binary, args, spawnOptions);
}
