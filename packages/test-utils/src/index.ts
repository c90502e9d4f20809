export { cleanupTemp, gitdir, isolateGit, pseudoRandom, randomName, tempDir, writeTree } from "./gitdir.js";
export type { FixtureFile, GitDir, Tree } from "./gitdir.js";
export { ballast, BALLAST_BIN, hookScript } from "./ballast.js";
export type { RunResult } from "./ballast.js";
export { installHook, hasGitLfs } from "./hooks.js";
export { startS3rver, startS3rverProcess, type S3rverHandle } from "./s3.js";
export { startFaultProxy, type Fault, type FaultMatch, type FaultProxy, type ProxiedRequest } from "./fault-proxy.js";
