/**
 * @ballast/guard: the engine behind the `ballast` command, as a typed API.
 * Every function returns a report; none prints or exits.
 */
export { checkStaged, checkPaths, type CheckStagedOptions, type CheckPathsOptions } from "./api/check.js";
export { preCommit, type PreCommitOptions } from "./api/precommit.js";
export { ConfigError, type BaseOptions } from "./api/context.js";
export { BallastError, isBallastError, type ErrorCode } from "./errors.js";
export { parsePointer, formatPointer, LFS_SPEC_URL, type LfsPointer, type PointerParse } from "./lfs/pointer.js";
export { blobRules, isBinary } from "./rules/index.js";
export type { BlobFacts, Detection, PathPolicy, Rule } from "./rules/index.js";
export type { Finding, Report, ReportSummary, StowedFile } from "./report/types.js";
export { main } from "./cli/main.js";
export { loadConfig, defineConfig, RULE_IDS } from "@ballast/config";
export type { RuleId, RuleSetting, ResolvedConfig, BallastConfig } from "@ballast/config";
