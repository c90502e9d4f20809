import { ask } from "./simple.js";

/**
 * The remotes a rewritten branch would be pushed to, for the push commands a history
 * rewrite prints. Cold questions (migrate), through simple-git.
 */

/** The names of the remotes (`git remote`). */
export async function remoteNames(cwd: string): Promise<string[]> {
  return (await ask(cwd, ["remote"], (git) => git.getRemotes())).map((remote) => remote.name);
}

/** The remote a branch pushes to by default (`branch.<name>.pushRemote`, `remote.pushDefault`, `branch.<name>.remote`), or undefined. */
export async function pushRemoteOf(cwd: string, branch: string): Promise<string | undefined> {
  for (const key of [`branch.${branch}.pushRemote`, "remote.pushDefault", `branch.${branch}.remote`]) {
    const { value } = await ask(cwd, ["config"], (git) => git.getConfig(key));
    if (value?.trim()) return value.trim();
  }
  return undefined;
}

/** The remote a fix names (git-lfs's own default too): origin when there is one, else the first, else undefined. */
export async function defaultRemote(cwd: string): Promise<string | undefined> {
  const names = await remoteNames(cwd);
  return names.includes("origin") ? "origin" : names[0];
}
