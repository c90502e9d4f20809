import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** A docker CLI that reaches a running engine and builds with BuildKit. */
export interface Engine {
  cli: string;
  /** DOCKER_BUILDKIT=1: what a 20.10 CLI needs to use the engine's own BuildKit. */
  env: NodeJS.ProcessEnv;
  server: string;
}

export type Probe = { engine: Engine; reason?: undefined } | { engine?: undefined; reason: string };

/** Where scripts/test-docker-engine.mjs writes why dockerd did not start (read for the skip line). */
export const START_FAILURE = path.join(tmpdir(), "ballast-dockerd", "start-failure");

/**
 * Find a docker CLI that can run this tier, or the reason it cannot run: a skip line
 * must say why. The example needs BuildKit (RUN --mount). A CLI from Docker 23 on builds
 * with BuildKit only through the buildx plugin (without it, DOCKER_BUILDKIT=1 is an error
 * and the classic builder refuses --mount); a 20.10 CLI (Debian's docker.io) uses the
 * engine's own BuildKit with DOCKER_BUILDKIT=1, no plugin and no registry needed.
 */
export function probeEngine(): Probe {
  const clis = [...new Set([onPath("docker"), "/usr/bin/docker"].filter((cli): cli is string => !!cli && existsSync(cli)))];
  if (clis.length === 0) return { reason: "no docker CLI (apt-get install -y docker.io)" };
  const info = run(clis[0], ["info", "--format", "{{.ServerVersion}}"]);
  if (info.status !== 0 || !info.stdout.trim()) {
    const cause = firstLine(info.stderr) || firstLine(info.stdout) || `docker info exited ${info.status}`;
    const start = existsSync(START_FAILURE) ? `; ${readFileSync(START_FAILURE, "utf8").trim()}` : "";
    return { reason: `the Docker engine is not reachable (${cause})${start}` };
  }
  const env = { ...process.env, DOCKER_BUILDKIT: "1" };
  for (const cli of clis) {
    if (run(cli, ["buildx", "version"]).status === 0) return { engine: { cli, env, server: info.stdout.trim() } };
    const client = run(cli, ["version", "--format", "{{.Client.Version}}"]).stdout.trim();
    if (Number(client.split(".")[0]) < 23) return { engine: { cli, env, server: info.stdout.trim() } };
  }
  return { reason: `no docker CLI here builds with BuildKit (${clis.join(", ")}: no buildx plugin, and Docker 23+ needs it)` };
}

/** Run the CLI; the tier's only door to docker. */
export function docker(engine: Engine, args: string[], options: { input?: Buffer; timeout?: number } = {}): SpawnSyncReturns<string> {
  return spawnSync(engine.cli, args, {
    env: engine.env,
    encoding: "utf8",
    input: options.input,
    maxBuffer: 1 << 26,
    timeout: options.timeout ?? 600_000,
  });
}

function run(cli: string, args: string[]): SpawnSyncReturns<string> {
  return spawnSync(cli, args, { encoding: "utf8", timeout: 30_000, env: { ...process.env, DOCKER_CLI_HINTS: "false" } });
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const file = path.join(dir, name);
    if (dir && existsSync(file)) return file;
  }
  return undefined;
}

function firstLine(text: string | null | undefined): string {
  return (text ?? "").split("\n").map((line) => line.trim()).find(Boolean) ?? "";
}
