import { formatSize, type ResolvedConfig } from "@ballast/config";
import path from "node:path";
import { compilePolicy } from "../engine/policy.js";
import { BallastError, isBallastError } from "../errors.js";
import { openRepo } from "../git/repo.js";
import { localLfsObjects } from "../lfs/objects.js";
import { configNote, rangeFixes, rangeMessages, storageWords } from "../messages.js";
import { judgeDetached } from "../range/detached.js";
import { newBlobs } from "../range/revlist.js";
import { judgeRange } from "../range/source.js";
import type { RevisionSet } from "../range/revlist.js";
import { isDeletion, isRemoteName, isZeroOid, parseRefUpdates, type RefUpdate } from "../range/updates.js";
import { makeReport, type Report } from "../report/types.js";
import type { StowedStorage } from "../rules/types.js";
import { resolveConfig, type BaseOptions } from "./context.js";
import { pushObjects, type TransferProgress } from "./push.js";
import { checkedOutBranch, fitToPushedRefs } from "../fix/branch.js";

export type { RefUpdate } from "../range/updates.js";

export interface CheckPushOptions extends BaseOptions {
  /** The remote's name (`origin`) or the URL pushed to, as git passes it to the hook. */
  remote: string;
  url?: string;
  /** The refs being pushed: git's pre-push stdin as text, or parsed. */
  updates: string | RefUpdate[];
  /** Where BALLAST_STORE is read (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Notes for people while it works (uploads). */
  onProgress?: (message: string) => void;
}

/**
 * What `git push` would add to the remote, judged as a whole: every (path, blob) each
 * pushed commit brings that the remote lacks (one walk for the whole push), with each
 * commit's .gitattributes and every rule, storage ones included (`lfs-missing-object`:
 * the local LFS store; `unresolved-reference`: object storage, uploading from the cache
 * what it lacks). Each finding names its commit. Deletions add nothing and pass at once.
 */
export async function checkPush(options: CheckPushOptions): Promise<Report> {
  const updates = typeof options.updates === "string" ? parseUpdates(options.updates) : options.updates;
  const pushed = updates.filter((u) => !isDeletion(u));
  if (pushed.length === 0) return makeReport("pre-push", [], { checked: 0 });

  const start = path.resolve(options.cwd ?? process.cwd());
  const repo = await openRepo(start);
  const cwd = repo.root;
  // What the remote has: the shas it reported (those this clone lacks, after a force
  // push over work never fetched, are skipped by git) and its remote-tracking refs.
  const set: RevisionSet = {
    include: [...new Set(pushed.map((u) => u.localSha))],
    exclude: [...new Set(pushed.map((u) => u.remoteSha).filter((sha) => !isZeroOid(sha)))],
    ignoreMissing: true,
    ...(isRemoteName(options.remote) ? { remote: options.remote } : {}),
  };
  // The git processes start before the config loads (openContext's steps, split so the
  // walk need not wait), while the heap is still small and spawning cheap.
  const loading = resolveConfig(options, repo.root).then((c) => ({ ...c, policy: compilePolicy(c.config) }));
  loading.catch(() => {});
  const uploads = { count: 0, store: "" };
  const storage = objectStorage({ options, cwd: start, config: loading.then((c) => c.config), uploads });
  const judged = judgeRange({ cwd, commonDir: repo.commonDir, policy: loading.then((c) => c.policy), set, context: { lfsObjects: localLfsObjects(repo.commonDir), storage } });
  judged.catch(() => {});
  // A tag of a tree or a blob brings files no commit holds: judged on their own, beside the walk (range/detached.ts).
  const detached = judgeDetached({
    cwd,
    // A branch on the remote can only be a commit (git refuses anything else there); the
    // name is the pusher's own ref, whose deletion is the fix (`git push origin HEAD:x`: the remote's).
    tips: pushed
      .filter((u) => !u.remoteRef.startsWith("refs/heads/"))
      .map((u) => (u.localRef.startsWith("refs/") ? { object: u.localSha, name: u.localRef } : { object: u.localSha, name: u.remoteRef, own: false })),
    policy: loading.then((c) => c.policy),
    isNew: () => newBlobs(cwd, set),
  });
  detached.catch(() => {});
  const ctx = await loading;
  const { findings, judged: inCommits } = await judged;
  // A fix that rewrites "this branch" must name the branch that was pushed.
  if (findings.length > 0) await fitToPushedRefs(cwd, findings, pushed.map((u) => ({ sha: u.localSha, ref: u.localRef })), () => checkedOutBranch(cwd));
  const { findings: outside, judged: alone } = await detached;
  findings.push(...outside);
  const checked = inCommits + alone;

  const notes = ctx.warnings.map(configNote);
  if (uploads.count > 0) notes.push(rangeMessages.uploaded(uploads.count, uploads.store));
  const report = makeReport("pre-push", findings, { checked, notes });
  report.summary.refs = pushed.length;
  report.summary.uploaded = uploads.count;
  return report;
}

/**
 * Object storage as `unresolved-reference` asks it: `pushObjects` (ballast push) uploads
 * what storage lacks from the local cache and names what is in neither place. The store is
 * opened only when a reference is pushed (so the AWS SDK loads only then).
 */
function objectStorage({ options, cwd, config, uploads }: { options: CheckPushOptions; cwd: string; config: Promise<ResolvedConfig>; uploads: { count: number; store: string } }): StowedStorage {
  return {
    async ensure(objects) {
      const result = await pushObjects({
        cwd,
        config: await config,
        objects,
        ...(options.env ? { env: options.env } : {}),
        ...(options.onProgress ? { onProgress: progressLine(options.onProgress) } : {}),
      }).catch((error: unknown) => {
        if (isBallastError(error)) throw error;
        throw new BallastError("STORE_UNREACHABLE", storageWords.uncheckable((error as Error).message), {
          fix: storageWords.uncheckableFix,
          cause: error,
        });
      });
      uploads.count += result.uploaded.length;
      uploads.store = result.store;
      return { missing: new Set(result.missing.map((o) => o.sha256)), store: result.store };
    },
  };
}

/** Upload progress as one line per finished file (stderr, on a terminal only). */
function progressLine(write: (message: string) => void): (p: TransferProgress) => void {
  return (p) => {
    if (p.bytes === p.total) write(`ballast: ${p.done}/${p.count} ${p.path} (${formatSize(p.total)}) in storage\n`);
  };
}

function parseUpdates(text: string): RefUpdate[] {
  const { updates, problems } = parseRefUpdates(text);
  if (problems.length > 0) throw new BallastError("BAD_ARGUMENTS", rangeMessages.badStdinLine(problems), { fix: rangeFixes.prePushStdin });
  return updates;
}
