import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach } from "vitest";
import { cleanupTemp, isolateGit } from "./gitdir.js";

// Every git a test starts (directly or through ballast) sees the same identity and no user config.
const home = mkdtempSync(path.join(tmpdir(), "ballast-home-"));
Object.assign(process.env, isolateGit(home));
delete process.env.BALLAST_SKIP;
delete process.env.BALLAST_STORE;

afterEach(() => cleanupTemp());
