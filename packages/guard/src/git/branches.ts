import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { gitText } from "./exec.js";

/**
 * Whether a branch exists, from the files (a loose ref, or a line of packed-refs): no git
 * process, since a server's hook asks on every push that touches no config.
 */
export function branchExists(commonDir: string, ref: string): boolean {
  // A folder of that name holds other branches (main/x), not this one.
  if (statSync(path.join(commonDir, ref), { throwIfNoEntry: false })?.isFile()) return true;
  try {
    return readFileSync(path.join(commonDir, "packed-refs"), "utf8").includes(` ${ref}\n`);
  } catch {
    return false;
  }
}

/** The first branch by name (`refs/heads/…`), or undefined in a repository with none. */
export async function firstBranch(cwd: string): Promise<string | undefined> {
  return (await gitText(["for-each-ref", "--count=1", "--format=%(refname)", "refs/heads/"], { cwd })) || undefined;
}

/** The branch HEAD names ("refs/heads/main"), from the repository's HEAD file; undefined when HEAD is detached. */
export function defaultBranch(commonDir: string): string | undefined {
  try {
    return /^ref: (refs\/heads\/\S+)/.exec(readFileSync(path.join(commonDir, "HEAD"), "utf8"))?.[1];
  } catch {
    return undefined;
  }
}
