import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach } from "vitest";
import { cleanupTemp, isolateGit } from "./gitdir.js";

// Every git a test starts (directly or through ballast) sees the same identity and no user config.
const home = mkdtempSync(path.join(tmpdir(), "ballast-home-"));
Object.assign(process.env, isolateGit(home));
delete process.env.BALLAST_SKIP;
// `npm test` puts the workspace's node_modules/.bin (with its `ballast`) on PATH; a user's
// repository has no such thing, so tests see the same PATH however they are started.
process.env.PATH = (process.env.PATH ?? "")
  .split(path.delimiter)
  .filter((dir) => !dir.split(path.sep).includes("node_modules"))
  .join(path.delimiter);
delete process.env.BALLAST_STORE;
// CI runs the tests with CI=true; a command's own behaviour in CI (scan: every commit counts
// as pushed) is tested where a test sets it, as the action fixture does.
delete process.env.CI;

afterEach(() => cleanupTemp());
// The worker's home goes with it: thousands of runs on one machine filled its disk.
afterAll(() => rmSync(home, { recursive: true, force: true }));
