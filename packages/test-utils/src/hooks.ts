import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { hookScript } from "./ballast.js";

/** Install a real git hook (in .git/hooks) that runs the built ballast binary. */
export function installHook(repoDir: string, hook: "pre-commit" | "pre-push"): void {
  const dir = path.join(repoDir, ".git", "hooks");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, hook);
  writeFileSync(file, hookScript(hook));
  chmodSync(file, 0o755);
}

let lfs: boolean | undefined;

/** Whether git-lfs is installed (tests that need it skip with the reason when it is not). */
export function hasGitLfs(): boolean {
  lfs ??= spawnSync("git", ["lfs", "version"], { encoding: "utf8" }).status === 0;
  return lfs;
}
