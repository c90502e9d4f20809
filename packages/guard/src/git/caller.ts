import { accessSync, constants } from "node:fs";
import path from "node:path";
import type { SimpleGit } from "simple-git";
import { BallastError } from "../errors.js";
import { gitFailed } from "./exec.js";
import type { CallerGit } from "./runner.js";
import { findGit } from "./spawn.js";

/**
 * What a caller's simple-git instance means for the git processes ballast starts itself
 * (those that stream on stdin, which simple-git cannot feed). Asked of the instance itself
 * where simple-git has a public way, read from it where it has none:
 *
 * - folder: git's own answer, through the instance (`rev-parse --show-toplevel --show-prefix`,
 *   or the git directory of a bare repository);
 * - binary: the git program the instance runs, found from its `git --exec-path` (a wrapper
 *   script given as simple-git's `binary` answers ballast's questions, not its streams);
 * - environment: what was given to `.env()`. simple-git has no getter for it: it is read
 *   from the instance's executor, which every simple-git since 2.x keeps; without one,
 *   this process's environment (simple-git 4 would drop inherited GIT_* variables; ballast
 *   keeps them, as in a hook they are set on purpose).
 */
export async function describeCaller(instance: SimpleGit): Promise<{ git: CallerGit; cwd: string }> {
  const ask = (args: string[]) =>
    instance.raw(args).catch((error: unknown) => {
      throw gitFailed(args, error instanceof Error ? error.message : String(error), null);
    });
  const binary = programIn((await ask(["--exec-path"])).trim()) ?? findGit();
  const cwd = await folderOf(ask);
  const env = (instance as unknown as { _executor?: { env?: NodeJS.ProcessEnv } })._executor?.env ?? process.env;
  return { git: { instance, binary, env }, cwd };
}

async function folderOf(ask: (args: string[]) => Promise<string>): Promise<string> {
  try {
    const [top = "", prefix = ""] = (await ask(["rev-parse", "--show-toplevel", "--show-prefix"])).split("\n");
    return path.join(top, prefix);
  } catch (error) {
    // A bare repository (or inside .git) has no top folder: its git directory is the folder.
    if (!(error instanceof BallastError && error.code === "GIT_FAILED")) throw error;
    return (await ask(["rev-parse", "--absolute-git-dir"])).trim();
  }
}

function programIn(execPath: string): string | undefined {
  if (!path.isAbsolute(execPath)) return undefined;
  const file = path.join(execPath, process.platform === "win32" ? "git.exe" : "git");
  try {
    accessSync(file, constants.X_OK);
    return file;
  } catch {
    return undefined;
  }
}
