import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gitdir, installHook, type GitDir } from "@ballast/test-utils";

/** A clone with a real pre-push hook and a bare remote on disk that already has `main`. */
export function pushSetup(tree: Parameters<typeof gitdir>[0] = {}): { repo: GitDir; remote: GitDir } {
  const remote = gitdir({}, { bare: true });
  const repo = gitdir({ "README.md": "# bot\n", ...tree });
  repo.git(["remote", "add", "origin", remote.dir]);
  repo.git(["push", "-q", "origin", "main"]);
  installHook(repo.dir, "pre-push");
  return { repo, remote };
}

/** `git push` through the hook; status and everything it printed. */
export function push(repo: GitDir, args: string[], env?: NodeJS.ProcessEnv) {
  const result = repo.git(["push", ...args], { allowFail: true, ...(env ? { env } : {}) });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

export const short = (sha: string) => sha.slice(0, 12);

/**
 * Stow by hand, as `ballast stow` leaves things: the bytes in the local cache
 * (`<git-common-dir>/ballast/objects/sha256/ab/cd/<sha>`), a reference beside the path.
 */
export function stowByHand(repo: GitDir, file: string, content: Buffer, options: { cache: boolean }): { sha256: string; reference: string } {
  const sha256 = createHash("sha256").update(content).digest("hex");
  if (options.cache) {
    const cached = path.join(repo.dir, ".git", "ballast", "objects", "sha256", sha256.slice(0, 2), sha256.slice(2, 4), sha256);
    mkdirSync(path.dirname(cached), { recursive: true });
    writeFileSync(cached, content);
  }
  const reference = `${file}.ballast`;
  const name = file.slice(file.lastIndexOf("/") + 1);
  repo.write({ [reference]: `${JSON.stringify({ ballast: 1, path: name, sha256, size: content.length }, null, 2)}\n` });
  return { sha256, reference };
}

/** The path an object takes in a file:// store. */
export function storedPath(store: string, sha256: string): string {
  return path.join(store, "sha256", sha256.slice(0, 2), sha256.slice(2, 4), sha256);
}
