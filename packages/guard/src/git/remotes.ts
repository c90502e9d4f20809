import { git, gitText } from "./exec.js";

/**
 * The remotes a rewritten branch would be pushed to, for the push commands a history
 * rewrite prints.
 */

/** `git remote`: one remote name per line ("origin\nupstream\n"). */
export async function remoteNames(cwd: string): Promise<string[]> {
  return (await gitText(["remote"], { cwd })).split("\n").filter(Boolean);
}

/** The remote a branch pushes to by default (`branch.<name>.pushRemote`, `remote.pushDefault`, `branch.<name>.remote`), or undefined. */
export async function pushRemoteOf(cwd: string, branch: string): Promise<string | undefined> {
  for (const key of [`branch.${branch}.pushRemote`, "remote.pushDefault", `branch.${branch}.remote`]) {
    const { stdout, code } = await git(["config", "--get", key], { cwd, okCodes: [1] });
    const value = stdout.toString("utf8").trim();
    if (code === 0 && value) return value;
  }
  return undefined;
}
