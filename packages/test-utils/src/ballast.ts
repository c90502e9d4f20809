import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

/** The built `ballast` binary (tests run what users run: `pnpm build` comes first). */
export const BALLAST_BIN = process.env.BALLAST_TEST_BIN
  ? path.resolve(process.env.BALLAST_TEST_BIN)
  : path.resolve(here, "../../guard/dist/bin.cjs");
// BALLAST_TEST_BIN: a private copy of dist (e.g. packages/guard/.dist-snap/bin.cjs) so a
// helper iterating on tests is not broken by a parallel `pnpm build` cleaning dist/.

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr together, for messages that may go to either. */
  output: string;
}

/** Run the real `ballast` binary as a user would. */
export function ballast(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; input?: string; timeout?: number }): RunResult {
  if (!existsSync(BALLAST_BIN)) throw new Error(`${BALLAST_BIN} is missing: run pnpm build first`);
  const result = spawnSync(process.execPath, [BALLAST_BIN, ...args], {
    cwd: options.cwd,
    input: options.input ?? "",
    encoding: "utf8",
    env: { ...process.env, ...options.env },
    timeout: options.timeout ?? 60_000,
    maxBuffer: 1 << 28,
  });
  const stdout = result.stdout ?? "";
  const stderr = result.stderr ?? "";
  return { code: result.status ?? -1, stdout, stderr, output: stdout + stderr };
}

/** A hook script that runs the built binary, as husky's would run the installed one. */
export function hookScript(hook: string): string {
  return `#!/bin/sh\nexec "${process.execPath}" "${BALLAST_BIN}" ${hook} "$@"\n`;
}
