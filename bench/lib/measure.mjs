// Timing primitives: a process timed from the harness, a sequence of git processes
// run from the harness (git's floor), peak RSS, and interleaved rounds with medians.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";

/**
 * Variables some machines set that change what a Node start costs, not what ballast does.
 * NODE_EXTRA_CA_CERTS: Node 20 reads and parses the named certificates when it starts,
 * before any script runs (nodejs/node#40524; Node releases from late 2025 load them on
 * another thread: nodejs/node#59856, #60764). With a 144-certificate bundle, as this VM
 * sets for its TLS proxy, that is ~38 ms on every `node -e 0` and every hook. A git
 * server's hook and most laptops do not have it, so it is left out of what is measured;
 * scenarios/startup.mjs measures what it costs here.
 */
export const START_UP_ENV = ["NODE_EXTRA_CA_CERTS"];

/** The environment every measured process gets: no git or node variables leak in from the caller. */
export function cleanEnv(extra = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith("GIT_") || k === "NODE_OPTIONS" || k.startsWith("BALLAST_") || k === "FORCE_COLOR" || START_UP_ENV.includes(k)) continue;
    env[k] = v;
  }
  return { ...env, NO_COLOR: "1", GIT_LFS_SKIP_SMUDGE: "1", ...extra };
}

/**
 * Run a process to completion and time it (wall clock, from spawn to exit).
 * `ok` lists the exit codes that count as a run that did its job.
 */
export function run(cmd, args, { cwd, env = cleanEnv(), input, ok = [0], keep = false } = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(cmd, args, { cwd, env, stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"] });
    const out = [];
    const err = [];
    child.stdout.on("data", (c) => keep && out.push(c));
    child.stderr.on("data", (c) => err.push(c));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const stderr = Buffer.concat(err).toString("utf8");
      if (!ok.includes(code)) {
        reject(new Error(`${cmd} ${args.join(" ")} exited ${code ?? signal} in ${cwd}:\n${stderr.slice(0, 2000)}`));
        return;
      }
      resolve({ ms, code, stdout: Buffer.concat(out), stderr });
    });
    if (input !== undefined) {
      child.stdin.on("error", () => {});
      child.stdin.end(input);
    }
  });
}

/**
 * Run ballast's bin. Other work may rebuild dist/ in the same tree while the suite runs:
 * a run that found the bin missing waits for the build to finish and runs again.
 */
export async function runBin(bin, args, options) {
  for (let attempt = 0; ; attempt++) {
    await waitFor(bin);
    try {
      return await run(process.execPath, [bin, ...args], options);
    } catch (error) {
      if (attempt >= 3 || !/Cannot find module|ERR_MODULE_NOT_FOUND/.test(String(error))) throw error;
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
}

async function waitFor(file) {
  for (let waited = 0; !existsSync(file); waited += 500) {
    if (waited > 120_000) throw new Error(`${file} is missing: build the packages (pnpm build)`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Run git from the harness and collect stdout (the floor's building block). */
export function git(cwd, args, input) {
  return run("git", args, { cwd, input, keep: true }).then((r) => r.stdout);
}

/** `producer | consumer` as two git processes joined by an OS pipe; resolves to the consumer's stdout. */
export function gitPipe(cwd, producer, consumer) {
  return new Promise((resolve, reject) => {
    const env = cleanEnv();
    const started = process.hrtime.bigint();
    const left = spawn("git", producer, { cwd, env, stdio: ["ignore", "pipe", "inherit"] });
    const right = spawn("git", consumer, { cwd, env, stdio: [left.stdout, "pipe", "inherit"] });
    let bytes = 0;
    right.stdout.on("data", (c) => (bytes += c.length));
    let exits = 0;
    const done = (code) => {
      if (code !== 0) reject(new Error(`git ${producer[0]} | git ${consumer[0]} failed (${code})`));
      else if (++exits === 2) resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, bytes });
    };
    // The producer's stdout belongs to the consumer now: close our end, wait for exits.
    left.stdout.destroy();
    left.on("exit", done);
    right.on("close", done);
  });
}

/**
 * The format the floors give `cat-file --batch-check`. They feed it `rev-list --objects`
 * ("<sha> <path>" lines): without %(rest) git takes each whole line as a name and answers
 * "missing", a floor that reads nothing (the floors of the runs before 2026-11-30 00:40 UTC
 * did that).
 */
export const WALK_CHECK_FORMAT = "%(objectname) %(objecttype) %(objectsize) %(rest)";

const shellWords = (revs) => revs.map((r) => `'${r.replace(/'/g, "'\\''")}'`).join(" ");

/** The git floor of a walk, as a shell script: `rev-list --objects REVS | cat-file --batch-check`. */
export function floorScript(revs) {
  return `git rev-list --objects ${shellWords(revs)} | git cat-file --batch-check='${WALK_CHECK_FORMAT}'`;
}

/**
 * The content floor of a walk: the git floor, then `git cat-file --batch` of every blob up
 * to `maxBytes` (what ballast's pointer rules must read: see docs/performance.md), as one
 * OS pipeline (awk picks the blobs).
 */
export function contentScript(revs, maxBytes) {
  return `${floorScript(revs)} | awk '$2 == "blob" && $3 <= ${maxBytes} { print $1 }' | git cat-file --batch >/dev/null`;
}

/** Throws unless the floor pipeline finds every object the walk lists (and some blob). */
export function assertFloorFindsObjects(cwd, revs) {
  const out = spawnSync("sh", ["-c", floorScript(revs)], { cwd, encoding: "utf8", maxBuffer: 1 << 30 });
  if (out.status !== 0) throw new Error(`floor check failed in ${cwd}: ${out.stderr}`);
  const lines = out.stdout.split("\n").filter(Boolean);
  const missing = lines.filter((l) => / missing$/.test(l)).length;
  if (missing > 0 || !lines.some((l) => l.split(" ")[1] === "blob")) throw new Error(`floor check in ${cwd}: ${missing} of ${lines.length} objects "missing", or no blob found`);
}

export function contentPipe(cwd, revs, maxBytes) {
  return run("sh", ["-c", `set -e; ${contentScript(revs, maxBytes)}`], { cwd });
}

/** Time an async function run from the harness (the git floor: processes only, no node start-up). */
export async function timed(fn) {
  const started = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, value };
}

const GNU_TIME = "/usr/bin/time";
let gnuTime;
const hasGnuTime = () => (gnuTime ??= existsSync(GNU_TIME) && spawnSync(GNU_TIME, ["-f", "%M", "true"]).status === 0);

/**
 * Peak resident set size (MB) of a command and its descendants that it waited for, and
 * with GNU time their CPU time (`cpuMs`).
 * Uses GNU time when installed; otherwise polls /proc/<pid>/status VmHWM (Linux) for
 * the direct child, which misses only a peak in the last few milliseconds.
 */
export async function peakRss(cmd, args, { cwd, env = cleanEnv(), ok = [0], input } = {}) {
  if (hasGnuTime()) {
    const started = process.hrtime.bigint();
    const result = await run(GNU_TIME, ["-f", "BENCH_MAXRSS=%M BENCH_CPU=%U+%S", cmd, ...args], { cwd, env, ok, input });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const match = /BENCH_MAXRSS=(\d+)/.exec(result.stderr);
    // User + system time of the process and the children it waited for: unlike wall time,
    // barely moved by other work on a busy machine.
    const cpu = /BENCH_CPU=([\d.]+)\+([\d.]+)/.exec(result.stderr);
    return { mb: match ? Number(match[1]) / 1024 : undefined, ms, cpuMs: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : undefined, code: result.code, method: "GNU time" };
  }
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(cmd, args, { cwd, env, stdio: [input === undefined ? "ignore" : "pipe", "ignore", "pipe"] });
    if (input !== undefined) {
      child.stdin.on("error", () => {});
      child.stdin.end(input);
    }
    let peak = 0;
    const status = `/proc/${child.pid}/status`;
    const poll = () => {
      try {
        const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(status, "utf8"));
        if (match) peak = Math.max(peak, Number(match[1]));
      } catch {
        // gone, or not Linux
      }
    };
    const timer = setInterval(poll, 5);
    let stderr = "";
    child.stderr.on("data", (c) => (stderr += c));
    child.on("error", reject);
    child.on("close", (code) => {
      clearInterval(timer);
      if (!ok.includes(code)) reject(new Error(`${cmd} exited ${code}: ${stderr.slice(0, 500)}`));
      else resolve({ mb: peak ? peak / 1024 : undefined, ms: Number(process.hrtime.bigint() - started) / 1e6, code, method: "/proc VmHWM" });
    });
  });
}

/**
 * Run every measure `rounds` times, interleaved (round r starts at measure r mod n, so no
 * measure always runs first or right after the same neighbour), after one untimed
 * warm-up of each. A measure returns milliseconds. Returns the samples per name.
 */
export async function interleave(measures, { rounds, warmup = 1, before } = {}) {
  const names = Object.keys(measures);
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  for (let w = 0; w < warmup; w++) for (const name of names) {
    if (before) await before(name);
    await measures[name]();
  }
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(r + i) % names.length];
      if (before) await before(name);
      samples[name].push(await measures[name]());
    }
  }
  return samples;
}

/**
 * One timed run with CPU time and peak RSS where GNU time is installed (else wall time
 * and /proc's VmHWM): every row of the hook and scan sections is measured this way.
 */
export function measured(cmd, args, options) {
  return peakRss(cmd, args, options);
}

/**
 * Time each command of `commands` (name → [cmd, args, options]) `rounds` times, interleaved,
 * in `cwd`: a row with each command's median wall time and CPU, ballast's peak RSS as
 * `rss`, its CPU as `cpu`, the samples, and each command's last exit code in `codes`.
 */
export async function measureCommands(commands, { cwd, rounds }) {
  const cpu = {};
  const rss = {};
  const codes = {};
  const measures = {};
  for (const [name, [cmd, args, options]] of Object.entries(commands)) {
    cpu[name] = [];
    rss[name] = [];
    measures[name] = async () => {
      const r = await measured(cmd, args, { cwd, ...options });
      cpu[name].push(r.cpuMs);
      rss[name].push(r.mb);
      codes[name] = r.code;
      return r.ms;
    };
  }
  const samples = await interleave(measures, { rounds });
  const row = { samples };
  for (const name of Object.keys(commands)) {
    row[name] = median(samples[name]);
    row[`${name}Cpu`] = medianOf(cpu[name]);
  }
  row.cpu = row.ballastCpu;
  row.rss = maxOf(rss.ballast);
  return { row, codes };
}

/** The median of samples that may be missing (no GNU time): undefined if any is. */
export function medianOf(values) {
  return values.length && values.every((v) => v !== undefined) ? median(values) : undefined;
}

export function maxOf(values) {
  return values.length && values.every((v) => v !== undefined) ? Math.max(...values) : undefined;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
