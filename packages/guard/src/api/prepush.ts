import { BallastError } from "../errors.js";
import { rangeFixes, rangeMessages } from "../messages.js";
import { collectRange, concludeRange, smallContents } from "../range/judge-range.js";
import { detectMissingLfsObjects, isPointerCandidate } from "../range/lfs-objects.js";
import { isReferenceCandidate, pushedReferences, resolvePushedReferences } from "../range/references.js";
import type { RevisionSet } from "../range/revlist.js";
import { isDeletion, isRemoteName, isZeroOid, parseRefUpdates, type RefUpdate } from "../range/updates.js";
import { MAX_REFERENCE_BYTES } from "../ref/format.js";
import { makeReport, type Report } from "../report/types.js";
import type { BlobFacts } from "../rules/types.js";
import path from "node:path";
import { compilePolicy } from "../engine/policy.js";
import { openRepo } from "../git/repo.js";
import { resolveConfig, type BaseOptions } from "./context.js";

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
 * What `git push` would add to the remote, judged as a whole: every blob in every pushed
 * commit that the remote does not have (one rev-list for the whole push), with the blob
 * rules plus `lfs-missing-object` and `unresolved-reference`; each finding names the commit
 * that introduced it. Stowed objects that are cached but not in storage are uploaded
 * first. Deletions add nothing and pass at once.
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
  const collected = collectRange({ cwd, commonDir: repo.commonDir, policy: loading.then((c) => c.policy), set, tips: set.include, keepHead: wantsContent });
  collected.catch(() => {});
  const ctx = { cwd: start, repo, ...(await loading) };
  const { facts, detections } = await collected;

  const contents = await smallContents(cwd, facts, wantsContent, MAX_REFERENCE_BYTES);
  detections.push(...(await detectMissingLfsObjects(ctx.repo.commonDir, facts, contents)));
  // `unresolved-reference: "off"` leaves storage alone; "warn" tolerates a store that cannot be reached.
  const references = pushedReferences(facts, contents).filter((r) => ctx.policy.ruleSetting("unresolved-reference", r.blob.path) !== "off");
  const resolution = await resolvePushedReferences({
    config: ctx.config,
    cwd: ctx.cwd,
    references,
    tolerant: references.every((r) => ctx.policy.ruleSetting("unresolved-reference", r.blob.path) === "warn"),
    ...(options.env ? { env: options.env } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  detections.push(...resolution.detections);

  const findings = await concludeRange({ cwd, policy: ctx.policy, set, detections });
  const notes = ctx.warnings.map((w) => `config: ${w.file}: ${w.key} ${w.message}`);
  if (resolution.uploaded > 0) notes.push(rangeMessages.uploaded(resolution.uploaded, resolution.store!));
  const report = makeReport("pre-push", findings, { checked: facts.length, notes });
  report.summary.refs = pushed.length;
  report.summary.uploaded = resolution.uploaded;
  return report;
}

/** Blobs whose whole content pre-push reads: LFS pointers and ballast references. */
function wantsContent(blob: BlobFacts): boolean {
  return isPointerCandidate(blob) || isReferenceCandidate(blob);
}

function parseUpdates(text: string): RefUpdate[] {
  const { updates, problems } = parseRefUpdates(text);
  if (problems.length > 0) throw new BallastError("BAD_ARGUMENTS", rangeMessages.badStdinLine(problems), { fix: rangeFixes.prePushStdin });
  return updates;
}
