// `npm run test:docker`: the Docker tier alone (packages/guard/test/docker). Starts dockerd
// when no engine answers (as root; see test-docker-engine.mjs), runs the tier through the
// README's test runner, so it ends with "N passed, N failed, N skipped", and stops the
// engine it started. With no engine the tests are skipped with the reason in their name,
// and the command exits 1: nothing was tested.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { root } from "./ensure.mjs";

const engine = path.join(root, "scripts", "test-docker-engine.mjs");
// A dockerd that an earlier `start` left running (.ci/run's) is not this run's to stop.
const pidfile = path.join(tmpdir(), "ballast-dockerd", "dockerd.pid");
const ours = !existsSync(pidfile);
spawnSync(process.execPath, [engine, "start"], { cwd: root, stdio: "inherit" });
let status = 1;
try {
  const started = Date.now();
  const tier = spawnSync(process.execPath, [path.join(root, "scripts", "test.mjs"), "packages/guard/test/docker"], { cwd: root, stdio: "inherit" });
  status = tier.status ?? 1;
  console.log(`Docker tier: ${((Date.now() - started) / 1000).toFixed(0)} s`);
} finally {
  if (ours) spawnSync(process.execPath, [engine, "stop"], { cwd: root, stdio: "inherit" });
}
process.exit(status);
