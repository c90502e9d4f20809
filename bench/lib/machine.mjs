// What the numbers were measured on: they mean little without it.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";

export function describeMachine() {
  const version = (cmd, args) => {
    const r = spawnSync(cmd, args, { encoding: "utf8" });
    return r.status === 0 ? r.stdout.trim().split("\n")[0] : undefined;
  };
  let cpu = os.cpus()[0]?.model?.trim() ?? "unknown";
  try {
    const info = readFileSync("/proc/cpuinfo", "utf8");
    const flags = /flags\s*:(.*)/.exec(info)?.[1] ?? "";
    if (/\bsha_ni\b/.test(flags)) cpu += " (SHA extensions)";
  } catch {
    // not Linux
  }
  return {
    cpu,
    cores: os.availableParallelism?.() ?? os.cpus().length,
    ramGB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    git: version("git", ["--version"])?.replace(/^git version /, ""),
    gitLfs: version("git", ["lfs", "version"])?.split(" ")[0]?.replace(/^git-lfs\//, ""),
    gnuTime: spawnSync("/usr/bin/time", ["-f", "%M", "true"]).status === 0,
  };
}
