import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { accessSync, constants } from "node:fs";
import path from "node:path";
import { BallastError } from "../errors.js";
import { spawnGroup } from "./group.js";

/**
 * The one place ballast runs git. It runs git by absolute path (never a shell), keeps
 * git's own environment (inside a hook GIT_INDEX_FILE and GIT_DIR are set on purpose),
 * and asks for NUL-separated output wherever git offers it.
 */

let gitPath: string | undefined;

/** Find git on PATH once, by absolute path, so no shell and no cwd-relative binary is ever used. */
export function findGit(env: NodeJS.ProcessEnv = process.env): string {
  if (gitPath) return gitPath;
  const names = process.platform === "win32" ? ["git.exe", "git.cmd"] : ["git"];
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    if (!dir || !path.isAbsolute(dir)) continue;
    for (const name of names) {
      const candidate = path.join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        gitPath = candidate;
        return candidate;
      } catch {
        // not here
      }
    }
  }
  throw new BallastError("GIT_NOT_FOUND", "git was not found on PATH", {
    fix: "install git (https://git-scm.com/downloads), then run the command again",
  });
}

export interface GitOptions {
  cwd: string;
  /** Written to git's stdin, then stdin is closed. */
  input?: string | Buffer;
  /** Extra environment; git's own variables from the parent are kept. */
  env?: NodeJS.ProcessEnv;
  /** Exit codes that are answers, not failures (e.g. 1 for `git diff --quiet`). */
  okCodes?: number[];
  /**
   * `input` starts with this, and an early process (startEarly with `prime`) may have been
   * sent it already: then only the rest is written.
   */
  primed?: string;
}

export interface GitResult {
  stdout: Buffer;
  stderr: string;
  code: number;
}

/** Run git to completion and collect its output. Throws GIT_FAILED on an unexpected exit code. */
export function git(args: string[], options: GitOptions): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawnGit(args, { cwd: options.cwd, env: options.env });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr!.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", (error) => reject(wrapSpawnError(error)));
    child.on("close", (code, signal) => {
      const result = { stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString("utf8"), code: code ?? 128 };
      if (code === 0 || (code !== null && options.okCodes?.includes(code))) resolve(result);
      else reject(gitFailed(args, result.stderr, signal ?? code));
    });
    child.stdin!.on("error", () => {
      // git may exit before reading all input (e.g. a bad revision); the close handler reports it.
    });
    const input = options.input ?? "";
    const primed = options.primed && (child as PrimedChild).primed === options.primed && typeof input === "string" && input.startsWith(options.primed);
    child.stdin!.end(primed ? input.slice(options.primed!.length) : input);
  });
}

/** Run git and return stdout as a string with the final newline removed. */
export async function gitText(args: string[], options: GitOptions): Promise<string> {
  const { stdout } = await git(args, options);
  return stdout.toString("utf8").replace(/\n$/, "");
}

/**
 * Start a long-lived git process (e.g. `cat-file --batch`) with pipes on all three streams.
 * A process started early (startEarly) with the same arguments, folder and environment
 * is handed over instead of starting another.
 */
export function spawnGit(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): ChildProcess {
  if (!options.env) {
    const early = takeEarly(args, options.cwd);
    if (early) return early;
  }
  return rawSpawn(args, options);
}

function rawSpawn(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): ChildProcess {
  const spawnOptions: SpawnOptions = {
    cwd: options.cwd,
    env: options.env ? { ...process.env, ...options.env } : process.env,
    stdio: ["pipe", "pipe", "pipe"],
    windowsHide: true,
  };
  return spawn(findGit(), args, spawnOptions);
}

/** An early process that was sent its first input at once (see startEarly's `prime`). */
type PrimedChild = ChildProcess & { primed?: string };

export interface Early {
  key: string;
  child: ChildProcess;
  /** What happened before anyone took the process, in order, replayed to the taker. */
  log: Array<[NodeJS.EventEmitter, string, unknown[]]>;
  stop: () => void;
}

const early: Early[] = [];

/**
 * Start git processes now, before the code that will use them has even loaded: a hook
 * pays for git's start-up and Node's module loading one after the other otherwise. They
 * start together with one process start from Node where a POSIX shell can fan them out
 * (git/group.ts), else one by one. The first spawnGit() with the same arguments and folder
 * takes one over; one nobody takes is killed by discardEarly(). Nothing but its `prime` is
 * written to its stdin until it is taken. Its output is read and kept meanwhile (Node discards unread
 * output of a process that has exited), then handed to the taker's listeners, in order,
 * with every event it missed.
 */
export function startEarly(commands: Array<{ args: string[]; stdin: boolean; prime?: string }>, cwd: string): Early[] {
  let children: ChildProcess[];
  try {
    children = spawnGroup(findGit(), commands, cwd) ?? commands.map((c) => rawSpawn(c.args, { cwd }));
  } catch {
    return []; // git missing: the normal path reports it
  }
  return children.map((child, i) => {
    const { args, prime } = commands[i]!;
    // A first input sent now lets git start its work (reading the index) before the rest
    // of the input is known; the taker passes the same text as `primed`.
    if (prime && child.stdin) {
      child.stdin.on("error", () => {});
      child.stdin.write(prime);
      (child as PrimedChild).primed = prime;
    }
    return keepEarly(child, args, cwd);
  });
}

function keepEarly(child: ChildProcess, args: string[], cwd: string): Early {
  const log: Early["log"] = [];
  const listeners: Array<[NodeJS.EventEmitter, string, (...values: unknown[]) => void]> = [];
  const record = (target: NodeJS.EventEmitter | null, events: string[]) => {
    for (const event of target ? events : []) {
      const listener = (...values: unknown[]) => log.push([target!, event, values]);
      target!.on(event, listener);
      listeners.push([target!, event, listener]);
    }
  };
  record(child, ["error", "exit", "close"]);
  record(child.stdout, ["data", "end", "close"]);
  record(child.stderr, ["data", "end", "close"]);
  const stop = () => listeners.forEach(([target, event, listener]) => target.off(event, listener));
  const entry = { key: earlyKey(args, cwd), child, log, stop };
  early.push(entry);
  return entry;
}

/**
 * Early processes started by another copy of this module (bin.cjs starts them, cli.cjs
 * uses them: two bundles, two module states), handed over to this one.
 */
export function adoptEarly(entries: Early[]): void {
  for (const entry of entries) if (!early.includes(entry)) early.push(entry);
}

function takeEarly(args: string[], cwd: string): ChildProcess | undefined {
  const key = earlyKey(args, cwd);
  const at = early.findIndex((e) => e.key === key);
  if (at < 0) return undefined;
  const [{ child, log, stop }] = early.splice(at, 1) as [Early];
  stop();
  // The taker attaches its listeners right after spawnGit() returns; what they missed
  // reaches them first, before any further output (I/O events come after nextTick).
  if (log.length) process.nextTick(() => log.forEach(([target, event, values]) => target.emit(event, ...values)));
  return child;
}

/** Kill the early processes nobody took (the run ended another way). */
export function discardEarly(): void {
  for (const { child } of early.splice(0)) {
    child.stdin?.destroy();
    child.stdout?.destroy();
    child.stderr?.destroy();
    child.kill();
  }
}

function earlyKey(args: string[], cwd: string): string {
  return `${path.resolve(cwd)}\0${args.join("\0")}`;
}

export function gitFailed(args: string[], stderr: string, status: number | string | null): BallastError {
  const first = stderr.split("\n").find((line) => line.trim()) ?? `exit ${status}`;
  if (/not a git repository/i.test(first)) {
    return new BallastError("NOT_A_REPOSITORY", "this folder is not inside a git repository", {
      fix: "cd into your repository (or pass --cwd DIR), or run: git init",
    });
  }
  if (/dubious ownership/i.test(stderr)) {
    return new BallastError("GIT_FAILED", "git refuses this repository because another user owns it", {
      fix: `git config --global --add safe.directory "$(pwd)"`,
    });
  }
  return new BallastError("GIT_FAILED", `git ${args[0]} failed: ${first.replace(/^(fatal|error): /, "")}`, {
    fix: "run the git command above by hand to see the full error",
  });
}

function wrapSpawnError(error: NodeJS.ErrnoException): BallastError {
  if (error.code === "ENOENT") {
    if (gitPath) gitPath = undefined;
    return new BallastError("GIT_NOT_FOUND", "git could not be started", { fix: "install git, then run the command again", cause: error });
  }
  return new BallastError("GIT_FAILED", `git could not be started: ${error.message}`, { cause: error });
}
