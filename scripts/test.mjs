// The README's test command (`npm test`): install and build if needed, run every test
// tier with vitest, and end with the plain line CI reads: "N passed, N failed".
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { ensure, root } from "./ensure.mjs";

ensure();
const report = path.join(root, ".vitest-report.json");
rmSync(report, { force: true });
const vitest = path.join(root, "node_modules", "vitest", "vitest.mjs");
const result = spawnSync(
  process.execPath,
  [vitest, "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { cwd: root, stdio: "inherit" },
);
let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(report)) {
  const data = JSON.parse(readFileSync(report, "utf8"));
  passed = data.numPassedTests ?? 0;
  failed = (data.numFailedTests ?? 0) + (data.numRuntimeErrorTestSuites ?? 0) + (data.numFailedTestSuites && !data.numFailedTests ? data.numFailedTestSuites : 0);
  skipped = (data.numPendingTests ?? 0) + (data.numTodoTests ?? 0);
} else {
  failed = 1;
}
if (result.status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
