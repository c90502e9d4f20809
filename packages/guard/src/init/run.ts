import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { initWords } from "../messages.js";

/**
 * The programs init starts besides git (git goes through git/exec.ts): husky, to point
 * core.hooksPath at the hooks now, and the package manager, to add husky to devDependencies.
 */

export interface RunOutcome {
  ok: boolean;
  output: string;
}

/** Run husky's own installer, as `npm install` will through "prepare", from the git root. */
export function runHusky(options: { root: string; packageDir: string; dir: string }): RunOutcome {
  const bin = huskyBin(options.packageDir);
  if (!bin) return { ok: false, output: initWords.huskyMissing };
  // HUSKY=0 is husky's own "do not install" switch; init is an explicit request to install.
  const env = { ...process.env };
  delete env.HUSKY;
  const result = spawnSync(process.execPath, [bin, options.dir], { cwd: options.root, env, encoding: "utf8" });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`.trim();
  return { ok: result.status === 0 && output === "", output };
}

/** Run a package manager command (e.g. `npm install -D husky@9.1.7`) in the package folder. */
export function runPackageManager(command: string[], cwd: string): RunOutcome {
  const [cmd, ...args] = command;
  const result = spawnSync(cmd!, args, {
    cwd,
    encoding: "utf8",
    // npm on Windows is a .cmd script, which needs a shell; elsewhere no shell is used.
    shell: process.platform === "win32",
    timeout: 300_000,
  });
  return { ok: result.status === 0, output: `${result.stdout ?? ""}${result.stderr ?? ""}`.trim() || String(result.error ?? "") };
}

/** husky's bin: the project's own copy first, else the one @ballast/guard depends on. */
function huskyBin(packageDir: string): string | undefined {
  const own = path.join(packageDir, "node_modules", "husky", "bin.js");
  if (existsSync(own)) return own;
  try {
    const index = createRequire(import.meta.url).resolve("husky");
    const bin = path.join(path.dirname(index), "bin.js");
    return existsSync(bin) ? bin : undefined;
  } catch {
    return undefined;
  }
}
