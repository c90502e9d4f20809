import { BALLAST_BIN, type RunResult } from "@ballast/test-utils";
import { spawn } from "node:child_process";

/**
 * Run the built `ballast` without blocking this process: s3rver and the fault proxy live
 * in the test process, so a spawnSync would stop them from answering.
 */
export function ballastAsync(
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeout?: number; input?: string },
): Promise<RunResult & { ms: number; signal: NodeJS.Signals | null }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BALLAST_BIN, ...args], { cwd: options.cwd, env: { ...process.env, ...options.env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeout ?? 60_000);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, signal, stdout, stderr, output: stdout + stderr, ms: Date.now() - started });
    });
    child.stdin.end(options.input ?? "");
  });
}
