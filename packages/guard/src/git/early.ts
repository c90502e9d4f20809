import type { ChildProcess } from "node:child_process";
import path from "node:path";
import { spawnGroup } from "./group.js";
import { findGit, startGit } from "./spawn.js";

/**
 * Git processes started before the code that will use them has even loaded: a hook pays
 * for git's start-up and Node's module loading one after the other otherwise. The first
 * spawnGit() (git/exec.ts) with the same arguments and folder takes one over; one nobody
 * takes is killed by discardEarly().
 */

/** An early process that was sent its first input at once (see startEarly's `prime`). */
export type PrimedChild = ChildProcess & { primed?: string };

export interface Early {
  key: string;
  child: ChildProcess;
  /** What happened before anyone took the process, in order, replayed to the taker. */
  log: Array<[NodeJS.EventEmitter, string, unknown[]]>;
  stop: () => void;
}

/**
 * Shared by every copy of this module: bin.cjs starts the processes, cli.cjs (a second
 * bundle, with module state of its own) takes them.
 */
const KEY = Symbol.for("ballast.early-git");
const shared = globalThis as unknown as Record<symbol, Early[] | undefined>;
const early: Early[] = (shared[KEY] ??= []);

/**
 * Start git processes now. They start together with one process start from Node where a
 * POSIX shell can fan them out (git/group.ts), else one by one. Nothing but its `prime` is
 * written to a process's stdin until it is taken. Its output is read and kept meanwhile
 * (Node discards unread output of a process that has exited), then handed to the taker's
 * listeners, in order, with every event it missed.
 */
export function startEarly(commands: Array<{ args: string[]; stdin: boolean; prime?: string; env?: NodeJS.ProcessEnv }>, cwd: string): Early[] {
  let children: ChildProcess[];
  try {
    children = spawnGroup(findGit(), commands, cwd) ?? commands.map((c) => startGit(c.args, { cwd, ...(c.env ? { env: c.env } : {}) }));
  } catch {
    return []; // git missing: the normal path reports it
  }
  return children.map((child, i) => {
    const { args, prime, env } = commands[i]!;
    // A first input sent now lets git start its work (reading the index) before the rest
    // of the input is known; the taker passes the same text as `primed`.
    if (prime && child.stdin) {
      child.stdin.on("error", () => {});
      child.stdin.write(prime);
      (child as PrimedChild).primed = prime;
    }
    return keepEarly(child, args, cwd, env);
  });
}

function keepEarly(child: ChildProcess, args: string[], cwd: string, env: NodeJS.ProcessEnv | undefined): Early {
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
  const entry = { key: earlyKey(args, cwd, env), child, log, stop };
  early.push(entry);
  return entry;
}

/** The early process with these arguments, extra environment and folder, taken over, or undefined. */
export function takeEarly(args: string[], cwd: string, env?: NodeJS.ProcessEnv): ChildProcess | undefined {
  if (early.length === 0) return undefined;
  const key = earlyKey(args, cwd, env);
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

function earlyKey(args: string[], cwd: string, env: NodeJS.ProcessEnv | undefined): string {
  const extra = Object.entries(env ?? {}).map(([name, value]) => `${name}=${value}`);
  return `${path.resolve(cwd)}\0${extra.sort().join("\0")}\0\0${args.join("\0")}`;
}
