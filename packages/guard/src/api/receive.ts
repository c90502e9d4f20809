import type { ConfigProblem, ResolvedConfig } from "@ballast/config";
import path from "node:path";
import { compilePolicy } from "../engine/policy.js";
import { BallastError } from "../errors.js";
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
import { committedConfig } from "./committed-config.js";
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
  const configured = serverConfig(options, repo, reader);
  const reason = skipReason(pushOptions(env));
  if (reason !== undefined) {
    const { config, warnings } = await configured.catch((error: unknown) => {
      reader.kill();
      throw error;
    });
    if (config.receive.allowSkip) {
      await reader.close();
      return withRefs(makeReport("receive", [], { checked: 0, notes: [...warnings.map(configNote), receiveWords.skipped(reason)] }), updates);
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
  const notes = (await configured).warnings.map(configNote);
  if (reason !== undefined) notes.push(receiveWords.skipRefused);
  const { unchecked } = await presence;
  if (unchecked > 0) notes.push(receiveWords.storeUnchecked(unchecked));
  return withRefs(makeReport("receive", findings.map(forPusher), { checked: judged + detached.judged, notes }), updates);
}

/** The server's policy; never a file in a working tree, which a server may not even have. */
async function serverConfig(options: CheckReceiveOptions, repo: Repo, reader: SmallBlobReader): Promise<{ config: ResolvedConfig; warnings: ConfigProblem[] }> {
  if (options.config || options.configFile) return resolveConfig(options, path.resolve(options.cwd ?? process.cwd()));
  const result = await committedConfig(repo, { code: options.trustCodeConfig ?? false, reader });
  if (!result.config || result.problems.length > 0) throw new ConfigError(result.problems, result.file);
  return { config: result.config, warnings: result.warnings };
}

/** A rule's fix is for a file being committed; a pushed one is already in a commit. */
function forPusher(finding: Finding): Finding {
  // In no commit (a tag of a tree or a blob): its fix, deleting that tag, is the pusher's already.
  if (!finding.commit) return finding;
  const fix = receiveWords.fix(finding.rule, finding.path);
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
