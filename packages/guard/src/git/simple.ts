import type { SimpleGit } from "simple-git";
import { BallastError } from "../errors.js";
import { gitFailed } from "./exec.js";
import { callerGit } from "./runner.js";
import { findGit } from "./spawn.js";

/**
 * simple-git, for the cold commands' questions (init, doctor, migrate's safety checks):
 * its parsers of status, remotes and version are better kept than ours would be. Never on a
 * hook's path: it costs ~43 ms to load, cannot feed `cat-file --batch` on stdin, and (4.x)
 * drops the GIT_* variables it inherits unless told to keep them. Loaded on first use.
 * Inside withGit() the caller's own instance answers, so its binary, environment and
 * folder apply in full.
 */

/**
 * Ask `question` of git in `cwd`. A failure becomes ballast's own error (gitFailed), as
 * for any git call. Note: simple-git takes an exit code without stderr as an answer
 * (`config --get` of a key that is not set: ""), one with stderr as a failure.
 */
export async function ask<T>(cwd: string, what: string[], question: (git: SimpleGit) => Promise<T>): Promise<T> {
  try {
    return await question(await simpleGitIn(cwd));
  } catch (error) {
    if (error instanceof BallastError) throw error;
    throw gitFailed(what, error instanceof Error ? error.message : String(error), null);
  }
}

async function simpleGitIn(cwd: string): Promise<SimpleGit> {
  const caller = callerGit();
  if (caller) return chainIn(caller.instance, cwd);
  const { simpleGit } = await import("simple-git");
  return simpleGit({
    baseDir: cwd,
    binary: findGit(),
    // Keep git's own environment, as git/exec.ts does (inside a hook GIT_DIR and
    // GIT_INDEX_FILE are set on purpose); simple-git 4 would drop every GIT_* variable.
    allowEnvironment: Object.keys(process.env),
  });
}

/**
 * The caller's instance with the next tasks run in `cwd` (`root: false` moves this chain
 * of tasks only, never the caller's instance). simple-git answers with an object that is
 * both the instance and a promise: its `then` is hidden, or `return` would resolve it to
 * the folder's name.
 */
async function chainIn(instance: SimpleGit, cwd: string): Promise<SimpleGit> {
  const chained = instance.cwd({ path: cwd, root: false });
  await chained;
  const plain: SimpleGit = new Proxy(chained, { get: (target, key) => (key === "then" ? undefined : Reflect.get(target, key)) });
  return plain;
}
