import type { SimpleGit } from "simple-git";
import { BallastError } from "../errors.js";
import { gitFailed } from "./exec.js";
import { callerGit } from "./runner.js";
import { findGit } from "./spawn.js";
import { importModule } from "../util/import-module.js";

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
    const caller = callerGit();
    if (!caller) return await question(await ownSimpleGit(cwd));
    // The caller's instance with this question run in `cwd`: `root: false` moves this
    // chain of tasks only, never the instance. What cwd() answers is both the instance
    // and a promise (of the folder's name): awaited for its failure, then used as is.
    const chained = caller.instance.cwd({ path: cwd, root: false });
    await chained;
    return await question(chained);
  } catch (error) {
    if (error instanceof BallastError) throw error;
    throw gitFailed(what, error instanceof Error ? error.message : String(error), null);
  }
}

async function ownSimpleGit(cwd: string): Promise<SimpleGit> {
  const { simpleGit } = await importModule<typeof import("simple-git")>("simple-git");
  return simpleGit({
    baseDir: cwd,
    binary: findGit(),
    // Keep git's own environment, as git/exec.ts does (inside a hook GIT_DIR and
    // GIT_INDEX_FILE are set on purpose); simple-git 4 would drop every GIT_* variable.
    allowEnvironment: Object.keys(process.env),
  });
}
