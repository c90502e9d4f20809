import { startJudging } from "../engine/judge.js";
import type { Policy } from "../engine/policy.js";
import { BallastError } from "../errors.js";
import { gitWords } from "../messages.js";
import { objectHeads, objectInfo, type HeadRequest } from "../git/catfile.js";
import type { Finding } from "../report/types.js";
import { binaryRule } from "../rules/binary.js";
import { redirectRule } from "../rules/redirect.js";
import { sizeRule } from "../rules/size.js";
import type { BlobFacts, PathPolicy } from "../rules/types.js";

/** A file version in the commits to rewrite. */
export interface FileAt {
  path: string;
  object: string;
}

/** The rules whose blocking findings a history rewrite clears (the others need no rewrite). */
export const MIGRATED_RULES = [redirectRule, sizeRule, binaryRule];

/**
 * The files of the commits to rewrite as a source for the judge (engine/judge.ts), with
 * the three rules a migration answers: sizes from one `cat-file --batch-check`, then the
 * first bytes of only the blobs a rule needs to see, judged as each arrives and not kept.
 * Every file given counts as new (the caller passes only blobs the remote lacks, as
 * pre-push judges them); no attribute is read: these rules do not look at LFS.
 */
export async function judgeFiles(o: { cwd: string; policy: Policy; files: FileAt[] }): Promise<Finding[]> {
  const judging = startJudging({ policy: o.policy, rules: MIGRATED_RULES });
  const info = await objectInfo(o.cwd, o.files.map((f) => f.object));
  const waiting = new Map<string, Array<{ blob: BlobFacts; pathPolicy: PathPolicy; bytes: number }>>();
  const requests: HeadRequest[] = [];
  for (const f of o.files) {
    const found = info.get(f.object);
    if (!found) throw new BallastError("GIT_FAILED", gitWords.unreadable(f.object, f.path), { fix: gitWords.fsck });
    const blob: BlobFacts = { path: f.path, object: f.object, size: found.size, lfs: false, new: true };
    const pathPolicy = o.policy.forPath(f.path);
    const bytes = judging.headBytes({ path: f.path, size: found.size, lfs: false, new: true }, pathPolicy);
    if (bytes === 0) {
      judging.judge(blob, pathPolicy);
      continue;
    }
    const list = waiting.get(f.object) ?? [];
    if (list.length === 0) waiting.set(f.object, list);
    list.push({ blob, pathPolicy, bytes });
    requests.push({ object: f.object, bytes, size: found.size });
  }
  await objectHeads(o.cwd, requests, (object, head) => {
    for (const w of waiting.get(object) ?? []) {
      w.blob.head = head.subarray(0, w.bytes);
      judging.judge(w.blob, w.pathPolicy);
      w.blob.head = undefined;
    }
    waiting.delete(object);
  });
  // A head git did not send is judged without one: the size rules still apply.
  for (const list of waiting.values()) for (const w of list) judging.judge(w.blob, w.pathPolicy);
  return (await judging.finish()).findings;
}
