/**
 * @ballast/guard: the engine behind the `ballast` command, as a typed API.
 * Every function returns a report; none prints or exits.
 */
export { checkStaged, checkPaths, type CheckStagedOptions, type CheckPathsOptions } from "./api/check.js";
export { preCommit, type PreCommitOptions } from "./api/precommit.js";
export { ConfigError, type BaseOptions } from "./api/context.js";
export { BallastError, isBallastError, type ErrorCode } from "./errors.js";
export { parsePointer, formatPointer, LFS_SPEC_URL, type LfsPointer, type LfsExtension, type PointerParse } from "./lfs/pointer.js";
export { rules, rules as blobRules, isBinary } from "./rules/index.js";
export type { AnyRule, BlobFacts, Detection, PathPolicy, Rule, RuleContext, StorageRule } from "./rules/index.js";
export type { Finding, Report, ReportSummary, StowedFile } from "./report/types.js";
export { main } from "./cli/main.js";
// The push and the deploy: pre-push over the pushed range, CI scan, checkout verify, audit.
export { checkPush, type CheckPushOptions, type RefUpdate } from "./api/prepush.js";
export { checkRange, type CheckRangeOptions, type RangeProgress } from "./api/scan.js";
export { verifyCheckout, type VerifyCheckoutOptions } from "./api/verify.js";
export { audit, type AuditOptions, type AuditEntry, type AuditResult, type AuditReport } from "./api/audit.js";
export { parseRefUpdates, isZeroOid } from "./range/updates.js";
// The server: a pre-receive hook's judgement, with the server's policy.
export { checkReceive, type CheckReceiveOptions, type ReceivedUpdate } from "./api/receive.js";
export { parseReceivedUpdates } from "./range/received.js";
export { renderSarif } from "./cli/sarif.js";
export { githubCommands, githubSummary } from "./cli/github.js";
// Setting a repository up, and diagnosing one.
export { init, type InitOptions, type InitAction, type InitReport } from "./api/init.js";
export { doctor, type DoctorOptions, type DoctorCheck, type DoctorReport } from "./api/doctor.js";
// A tool that drives git through simple-git: the same API, run with its instance's git.
export { withGit, type BallastWithGit } from "./api/with-git.js";
// Object storage: references, stores, push (pre-push builds on pushObjects and resolveReferences).
export { pushObjects, push, unresolvedFinding, type PushObject, type PushObjectsOptions, type PushObjectsResult, type PushOptions, type TransferProgress } from "./api/push.js";
export { resolveReferences, readReference, badReferenceError, type FoundReference, type BadReference, type References, type ReferenceSource, type ResolveReferencesOptions } from "./ref/resolve.js";
export { parseReference, formatReference, referenceFor, targetOf, REFERENCE_SUFFIX, REFERENCE_VERSION, type Reference, type ReferenceParse } from "./ref/format.js";
export { createStore, type CreateStoreOptions } from "./store/create.js";
export { objectKey, type Store, type TransferOptions } from "./store/types.js";
export { cachePath } from "./cache/paths.js";
export { stow, type StowOptions } from "./api/stow.js";
export { migrate, type MigrateOptions, type MigrateReport, type MigrateProgress, type MigratedCommit } from "./api/migrate.js";
export { pull, type PullOptions, type PullReport, type PulledFile, type PullAction } from "./api/pull.js";
export { status, type StatusOptions, type StatusReport, type StatusEntry } from "./api/status.js";
export { isTemporaryIndex } from "./api/precommit.js";
export { loadConfig, defineConfig, RULE_IDS } from "@ballast/config";
export type { RuleId, RuleSetting, ResolvedConfig, BallastConfig } from "@ballast/config";
