import { BALLAST_BIN, type RunResult } from "@ballast/test-utils";
import { spawn, type ChildProcess } from "node:child_process";

/**
 * Run the built `ballast` without blocking this process: s3rver and the fault proxy live
 * in the test process, so a spawnSync would stop them from answering.
 */
export function ballastAsync(args: string[], options: RunOptions): Promise<AsyncResult> {
  return startBallast(args, options).done;
}

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  timeout?: number;
  input?: string;
}

export type AsyncResult = RunResult & { ms: number; signal: NodeJS.Signals | null };

/** Start `ballast` and return its process (to kill it at a moment of the test's choosing). */
export function startBallast(args: string[], options: RunOptions): { child: ChildProcess; done: Promise<AsyncResult> } {
  const started = Date.now();
  let child!: ChildProcess;
  const done = new Promise<AsyncResult>((resolve) => {
    child = spawn(process.execPath, [BALLAST_BIN, ...args], { cwd: options.cwd, env: { ...process.env, ...options.env } });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeout ?? 60_000);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, signal, stdout, stderr, output: stdout + stderr, ms: Date.now() - started });
    });
    child.stdin!.end(options.input ?? "");
  });
  return { child, done };
}
