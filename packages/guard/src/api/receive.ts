import type { ConfigProblem, LoadConfigResult, ResolvedConfig } from "@ballast/config";
import path from "node:path";
import { compilePolicy } from "../engine/policy.js";
import { BallastError } from "../errors.js";
import { fitToPushedRefs } from "../fix/branch.js";
import { branchExists, defaultBranch, firstBranch } from "../git/branches.js";
import type { CommittedFile } from "../git/committed.js";
import { openRepo, type Repo } from "../git/repo.js";
import { configNote, fixes, receiveWords } from "../messages.js";
import { SmallBlobReader } from "../range/reader.js";
import { judgeRange } from "../range/source.js";
import { UnknownRevision } from "../range/walk.js";
import { judgeDetached } from "../range/detached.js";
import { newBlobs } from "../range/revlist.js";
import { isZeroOid } from "../range/updates.js";
import { parseReceivedUpdates, pushOptions, receivedRevisions, skipReason, type ReceivedUpdate } from "../range/received.js";
import { makeReport, type Finding, type Report } from "../report/types.js";
import { presenceCheck } from "../store/presence.js";
import { stowProblem } from "../util/gitignore.js";
import { COMMITTED_AT, committedConfig, committedConfigFile } from "./committed-config.js";
import { ConfigError, resolveConfig, type BaseOptions } from "./context.js";

export type { ReceivedUpdate } from "../range/received.js";

export interface CheckReceiveOptions extends BaseOptions {
  /** The refs being updated: git's pre-receive stdin as text, or parsed. */
  updates: string | ReceivedUpdate[];
  /** The hook's environment: push options, BALLAST_STORE, git's quarantine (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Run a config committed as code (.ts/.mjs/.js) at HEAD; off: only JSON is read. */
  trustCodeConfig?: boolean;
}

/**
 * A server's pre-receive judgement: every blob the push brings that no ref reaches yet, at
 * every path, with the rules pre-push runs. The policy is the server's (`configFile`, else
 * the config committed at HEAD, the default branch as it is before this push, else the
 * recommended preset), so a pushed commit cannot loosen its own judgement. Findings carry
 * the fix the pusher runs on their machine. Deletions bring nothing; with
 * `receive.allowSkip`, `git push -o ballast.skip=REASON` passes unjudged and says why.
 */
export function checkReceive(options: CheckReceiveOptions): Promise<Report> {
  return judgeReceive(options).catch((error: unknown) => {
    // An object this repository cannot read is the server's damage, not the push's: git has
    // checked that the push brought every object it names before the hook runs.
    if (error instanceof BallastError && error.fix === fixes.damagedHistory) throw new BallastError(error.code, error.message, { fix: receiveWords.damagedFix, cause: error });
    throw error;
  });
}

async function judgeReceive(options: CheckReceiveOptions): Promise<Report> {
  const updates = typeof options.updates === "string" ? parseUpdates(options.updates) : options.updates;
  const env = options.env ?? process.env;
  const set = receivedRevisions(updates);
  if (set.include.length === 0) return withRefs(makeReport("receive", [], { checked: 0 }), updates);

  const cwd = path.resolve(options.cwd ?? process.cwd());
  const repo = await openRepo(cwd, env, { bare: true });
  // One `git cat-file --batch` reads the committed config and, for the walk, .gitattributes.
  const reader = new SmallBlobReader(repo.root);
  // The walk starts while the committed config is read (two short git processes).
  const configured = serverConfig(options, repo, reader, updates);
  const reason = skipReason(pushOptions(env));
  if (reason !== undefined) {
    const { config, warnings, pinned, notes } = await configured.catch((error: unknown) => {
      reader.kill();
      throw error;
    });
    // Only the admin's own file may open the hatch: a committed config is the pushers' to change.
    if (config.receive.allowSkip && pinned && reason.trim() !== "") {
      await reader.close();
      return withRefs(makeReport("receive", [], { checked: 0, notes: [...warnings.map(configNote), ...notes, receiveWords.skipped(reason)] }), updates);
    }
  }
  const presence = configured.then(({ config }) => presenceCheck({ config, env, cwd }));
  const policy = configured.then(({ config }) => compilePolicy(config));
  // A tag of a tree or a blob brings files no commit holds: judged on their own, beside the walk (range/detached.ts).
  const detachedJudged = judgeDetached({
    cwd: repo.root,
    tips: updates.filter((u) => !isZeroOid(u.newSha)).map((u) => ({ object: u.newSha, name: u.ref })),
    policy,
    isNew: () => newBlobs(repo.root, set),
  });
  detachedJudged.catch(() => {});
  const { findings, judged } = await judgeRange({
    cwd: repo.root,
    commonDir: repo.commonDir,
    set,
    policy,
    context: presence.then(({ storage }) => ({ storage })),
    // The fixes are the pusher's (forPusher): this server's LFS store and history say nothing of their clone.
    localFixes: false,
    reader,
  }).catch((error: unknown) => {
    if (error instanceof UnknownRevision) throw new BallastError("BAD_ARGUMENTS", receiveWords.unknownCommit(error.revision), { fix: receiveWords.unknownCommitFix, cause: error });
    throw error;
  });
  const detached = await detachedJudged;
  findings.push(...detached.findings);
  const { config, warnings, pinned, notes: policyNotes } = await configured;
  const notes = [...warnings.map(configNote), ...policyNotes];
  if (reason !== undefined) notes.push(!config.receive.allowSkip ? receiveWords.skipRefused : !pinned ? receiveWords.skipNotPinned : receiveWords.skipNeedsReason);
  const { unchecked } = await presence;
  if (unchecked > 0) notes.push(receiveWords.storeUnchecked(unchecked));
  const forPushers = findings.map(forPusher);
  // The pusher's checked-out branch is unknown here: each fix switches to the branch pushed.
  if (forPushers.length > 0) await fitToPushedRefs(repo.root, forPushers, updates.filter((u) => !isZeroOid(u.newSha)).map((u) => ({ sha: u.newSha, ref: u.ref })), async () => undefined);
  return withRefs(makeReport("receive", forPushers, { checked: judged + detached.judged, notes }), updates);
}

interface ServerPolicy {
  config: ResolvedConfig;
  warnings: ConfigProblem[];
  /** From --config FILE: the admin's own file, the only one that may allow skipping. */
  pinned: boolean;
  notes: string[];
}

/**
 * The server's policy; never a file in a working tree, which a server may not even have.
 * Without --config, the config committed on the default branch as it is before the push.
 * A push that would leave the default branch with a config that cannot be read is refused:
 * else every later push, the repairing one too, would fail closed. One that repairs such a
 * config is judged with the recommended preset.
 */
async function serverConfig(options: CheckReceiveOptions, repo: Repo, reader: SmallBlobReader, updates: ReceivedUpdate[]): Promise<ServerPolicy> {
  if (options.config || options.configFile) {
    const resolved = await resolveConfig(options, path.resolve(options.cwd ?? process.cwd())).catch((error: unknown) => {
      // The pusher reads this too, and can do nothing about the server's own file.
      throw error instanceof ConfigError ? new ConfigError(error.problems, error.file, { message: error.message, fix: receiveWords.serverConfigFix }) : error;
    });
    return { ...resolved, pinned: true, notes: [] };
  }
  const code = options.trustCodeConfig ?? false;
  const branch = defaultBranch(repo.commonDir);
  const update = branch ? updates.find((u) => u.ref === branch && !isZeroOid(u.newSha)) : undefined;
  const [current, pushed] = await Promise.all([committedConfigFile(repo, COMMITTED_AT), update ? committedConfigFile(repo, update.newSha) : undefined]);
  // The pushed tip's file is named as the pusher knows it: the commit's short id.
  const load = (at: string, file: CommittedFile | undefined) => committedConfig(repo, { code, reader, at, label: at === COMMITTED_AT ? at : at.slice(0, 12), file: file ?? null }).then(usable);
  const now = await settled(load(COMMITTED_AT, current));
  const name = shortBranch(branch);
  if (update && (current?.name !== pushed?.name || current?.object !== pushed?.object)) {
    const next = await settled(load(update.newSha, pushed));
    if ("error" in next) throw breaksConfig(next.error, name);
    // Only a config problem is repaired so: any other failure (git's) still fails closed below.
    if ("error" in now && isConfigProblem(now.error)) return { ...(await load(COMMITTED_AT, undefined)), pinned: false, notes: [receiveWords.configRepaired(name)] };
  }
  if ("error" in now) throw now.error instanceof ConfigError ? new ConfigError(now.error.problems, now.error.file, { message: now.error.message, fix: receiveWords.headConfigFix(name) }) : now.error;
  const notes = branch && !current && !update ? await unbornNote(repo, branch) : [];
  return { ...now.value, pinned: false, notes };
}

function usable(result: LoadConfigResult): { config: ResolvedConfig; warnings: ConfigProblem[] } {
  if (!result.config || result.problems.length > 0) throw new ConfigError(result.problems, result.file);
  return { config: result.config, warnings: result.warnings };
}

function settled<T>(promise: Promise<T>): Promise<{ value: T } | { error: unknown }> {
  return promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
}

/** A config that cannot be used (its problems, or code this server does not run), as opposed to git failing. */
function isConfigProblem(error: unknown): boolean {
  return error instanceof ConfigError || (error instanceof BallastError && error.code === "CONFIG_INVALID");
}

/** The pushed tip of the default branch holds a config this server cannot use: refused, with the pusher's fix. */
function breaksConfig(error: unknown, branch: string): unknown {
  if (error instanceof ConfigError) return new ConfigError(error.problems, error.file, { message: receiveWords.configBroken(branch, error.message), fix: receiveWords.configBrokenFix });
  if (isConfigProblem(error) && error instanceof BallastError) return new BallastError(error.code, receiveWords.configBroken(branch, error.message), { fix: receiveWords.configBrokenFix, cause: error });
  return error;
}


const shortBranch = (ref: string | undefined) => (ref ?? "HEAD").replace(/^refs\/heads\//, "");

/**
 * HEAD names a branch that does not exist while others do (`git init --bare` names master,
 * the team pushes main): no committed config is found there, and the admin should know.
 */
async function unbornNote(repo: Repo, branch: string): Promise<string[]> {
  if (branchExists(repo.commonDir, branch)) return [];
  const other = await firstBranch(repo.root);
  return other ? [receiveWords.unbornHead(branch, other)] : [];
}
/** A rule's fix is for a file being committed; a pushed one is already in a commit. */
function forPusher(finding: Finding): Finding {
  // In no commit (a tag of a tree or a blob): its fix, deleting that tag, is the pusher's already.
  if (!finding.commit) return finding;
  const fix = receiveWords.fix(finding.rule, finding.path, stowProblem(finding.path));
  const { fix: _index, ...rest } = finding;
  return fix.command ? { ...rest, fix: fix.command } : { ...rest, message: `${rest.message}. ${fix.words}` };
}

function withRefs(report: Report, updates: ReceivedUpdate[]): Report {
  report.summary.refs = updates.length;
  return report;
}

function parseUpdates(text: string): ReceivedUpdate[] {
  const { updates, problems } = parseReceivedUpdates(text);
  if (problems.length > 0) throw new BallastError("BAD_ARGUMENTS", receiveWords.badStdin(problems), { fix: receiveWords.stdinFix });
  return updates;
}
