// Start or stop the Docker engine the Docker tier needs (used by .ci/run and
// scripts/test-docker.mjs). Node built-ins only: .ci/run may call it before pnpm install.
//   node scripts/test-docker-engine.mjs start   exit 0 when an engine answers (already
//                                                running, or started here), 1 with the reason
//   node scripts/test-docker-engine.mjs stop    stop the dockerd that `start` started, by its pid
// dockerd runs as on these machines: no overlayfs, no iptables, no bridge
// (`--storage-driver=vfs --iptables=false --bridge=none`), logging to a file. Why it could
// not start goes to start-failure, which the tier quotes in its skip line.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const dir = path.join(tmpdir(), "ballast-dockerd");
const files = { log: path.join(dir, "dockerd.log"), pid: path.join(dir, "dockerd.pid"), failure: path.join(dir, "start-failure") };
const cli = ["docker", "/usr/bin/docker"].find((c) => spawnSync(c, ["--version"]).status === 0);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function answers() {
  return !!cli && spawnSync(cli, ["info", "--format", "{{.ServerVersion}}"], { encoding: "utf8", timeout: 20_000 }).status === 0;
}

function alive(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")[0].endsWith("dockerd");
  } catch {
    return false;
  }
}

function fail(reason) {
  try {
    writeFileSync(files.failure, `dockerd did not start: ${reason}\n`);
  } catch {
    // The reason is printed below either way; the skip line then gives the engine's own words.
  }
  console.log(`! Docker tier: dockerd did not start: ${reason}; the tier will be skipped`);
  process.exit(1);
}

async function start() {
  mkdirSync(dir, { recursive: true });
  if (answers()) {
    rmSync(files.failure, { force: true });
    return console.log("› Docker engine already running");
  }
  if (!cli) fail("no docker CLI (apt-get install -y docker.io)");
  if (spawnSync("sh", ["-c", "command -v dockerd"]).status !== 0) fail("dockerd is not installed (apt-get install -y docker.io)");
  if (process.getuid?.() !== 0) fail(`dockerd needs root, and this runs as uid ${process.getuid?.()}`);
  const log = openSync(files.log, "a");
  const args = ["--storage-driver=vfs", "--iptables=false", "--bridge=none"];
  const child = spawn("dockerd", args, { detached: true, stdio: ["ignore", log, log] });
  child.unref();
  writeFileSync(files.pid, String(child.pid));
  const started = Date.now();
  while (Date.now() - started < 60_000) {
    if (answers()) {
      rmSync(files.failure, { force: true });
      return console.log(`› dockerd ${args.join(" ")} started (pid ${child.pid}, log ${files.log}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    if (!alive(child.pid)) break;
    await sleep(500);
  }
  const tail = existsSync(files.log) ? readFileSync(files.log, "utf8").trim().split("\n").slice(-3).join(" / ") : "";
  await stop();
  fail(`no answer from it (${tail || "its log is empty"})`);
}

async function stop() {
  if (!existsSync(files.pid)) return;
  const pid = Number(readFileSync(files.pid, "utf8"));
  rmSync(files.pid, { force: true });
  if (!alive(pid)) return;
  process.kill(pid, "SIGTERM");
  for (let waited = 0; alive(pid) && waited < 30_000; waited += 250) await sleep(250);
  if (alive(pid)) process.kill(pid, "SIGKILL");
  console.log(`› dockerd (pid ${pid}) stopped`);
}

const command = process.argv[2];
if (command === "start") await start();
else if (command === "stop") await stop();
else {
  console.error("usage: node scripts/test-docker-engine.mjs start|stop");
  process.exit(2);
}
