import { writeFileSync } from "node:fs";
import { docker, type Engine } from "./engine.js";

/** One `docker build` of the example's models stage, with its plain BuildKit log. */
export interface Build {
  status: number | null;
  log: string;
  seconds: number;
  /** The `npx ballast pull && npx ballast verify` step: its output lines and how long it ran. */
  ballast: { header: string; lines: string[]; seconds: number; failed: boolean } | undefined;
}

export interface BuildOptions {
  context: string;
  base: string;
  /** An image holding the local-folder store, mounted at /store. */
  store: string;
  tag: string;
  /** Where to keep the whole log, for a failing test's reader. */
  logFile: string;
}

/**
 * Build the `models` stage as docs/docker.md says for a local-folder store. The network
 * is the host's: `npm ci` needs the registry, and an engine started with --bridge=none
 * has no bridge to give a build (host networking works with or without one).
 */
export function buildModels(engine: Engine, options: BuildOptions): Build {
  const args = ["build", "--progress=plain", "--network", "host", "--target", "models"];
  for (const arg of [`BASE=${options.base}`, `STORE=${options.store}`, "BALLAST_STORE=file:///store"]) args.push("--build-arg", arg);
  const started = performance.now();
  const result = docker(engine, [...args, "-t", options.tag, options.context]);
  const seconds = (performance.now() - started) / 1000;
  const log = `${result.stdout}${result.stderr}`;
  writeFileSync(options.logFile, log);
  return { status: result.status, log, seconds, ballast: ballastStep(log) };
}

/**
 * BuildKit's plain log names each step `#N [stage i/n] INSTRUCTION`, prefixes the step's
 * output with `#N <seconds since the step started> `, and ends it with `#N DONE 1.2s` or
 * `#N ERROR: ...`. The step that runs ballast is the one whose header runs `ballast pull`.
 */
export function ballastStep(log: string): Build["ballast"] {
  const lines = log.split("\n");
  const header = lines.find((line) => /^#\d+ \[models [^\]]+\] RUN .*ballast pull/.test(line));
  if (!header) return undefined;
  const id = header.split(" ")[0];
  const own = lines.filter((line) => line.startsWith(`${id} `) && line !== header);
  let seconds = 0;
  let failed = false;
  for (const line of own) {
    const timed = /^#\d+ (\d+\.\d+) /.exec(line);
    const done = /^#\d+ DONE (\d+\.\d+)s/.exec(line);
    if (timed) seconds = Math.max(seconds, Number(timed[1]));
    if (done) seconds = Math.max(seconds, Number(done[1]));
    if (/^#\d+ ERROR/.test(line)) failed = true;
  }
  const output = own.map((line) => line.replace(/^#\d+ (\d+\.\d+ )?/, "")).filter((line) => !/^sha256:/.test(line));
  return { header, lines: output, seconds, failed };
}
