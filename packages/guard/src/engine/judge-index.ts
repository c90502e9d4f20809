import { objectInfoThenHeads, type HeadRequest } from "../git/catfile.js";
import { git } from "../git/exec.js";
import type { ObjectInfo } from "../git/parse.js";
import type { BlobFacts, PathPolicy } from "../rules/types.js";
import { BallastError } from "../errors.js";
import { gitWords } from "../messages.js";
import { noteWork } from "../util/long-run.js";
import { startJudging, type Judgement, type Judging } from "./judge.js";
import type { Policy } from "./policy.js";

/** A blob to judge: where it sits and which object it is. */
export interface Candidate {
  path: string;
  object: string;
  /**
   * A file that did not change, judged because a staged .gitattributes change made it LFS
   * (`tracked`) or no longer LFS: the .gitattributes changed above it (engine/retrack-index.ts).
   */
  retracked?: { tracked: boolean; attributes: Array<{ path: string; deleted: boolean }> };
}

export interface JudgeIndexOptions {
  cwd: string;
  policy: Policy;
  candidates: Candidate[];
  /**
   * Paths that are `filter=lfs` where the candidates will live. A promise lets the
   * attribute lookup run while cat-file already reads sizes.
   */
  lfsPaths: Set<string> | Promise<Set<string>>;
  /** Which of these blobs add no weight (default: those HEAD's tree holds; see inHeadTree). */
  known?: (objects: string[]) => Promise<Set<string>>;
}

/**
 * The index as a source for the judge: blobs staged at paths, with one
 * `git cat-file --batch-command` process: sizes first, then the first bytes of only those
 * blobs a rule needs to see. Each blob is judged as soon as its head arrives, and the head
 * is not kept: memory stays flat whatever the number of staged files. A blob that HEAD's
 * tree already holds (a file moved or copied) adds no weight: what size and binary said
 * about it is dropped.
 */
export async function judgeIndex({ cwd, policy, candidates, lfsPaths, known }: JudgeIndexOptions): Promise<Judgement> {
  const lfsReady = Promise.resolve(lfsPaths);
  // Handled below once sizes are in; this keeps an early failure from being "unhandled".
  lfsReady.catch(() => {});
  const judging = startJudging({ policy });
  noteWork(candidates.length);
  // Blobs waiting for their head, by object (the same bytes may be staged at two paths).
  const waiting = new Map<string, Prepared[]>();
  await objectInfoThenHeads(
    cwd,
    candidates.map((c) => c.object),
    async (info) => {
      const requests: HeadRequest[] = [];
      for (const p of prepare(judging, candidates, info, policy, await lfsReady)) {
        if (p.bytes === 0) {
          judging.judge(p.blob, p.pathPolicy);
          continue;
        }
        const same = waiting.get(p.blob.object);
        if (same) same.push(p);
        else waiting.set(p.blob.object, [p]);
        requests.push({ object: p.blob.object, bytes: p.bytes });
      }
      return requests;
    },
    (object, head) => {
      for (const p of waiting.get(object) ?? []) {
        p.blob.head = head.length > p.bytes ? head.subarray(0, p.bytes) : head;
        judging.judge(p.blob, p.pathPolicy);
        // Cleared, not deleted: a deleted property turns 10,000 objects into slow ones.
        p.blob.head = undefined;
      }
      waiting.delete(object);
    },
  );
  // A blob whose head never came (git lost it between the two questions) is judged
  // without one: the size rules still apply, and no content rule passes it silently.
  for (const list of waiting.values()) for (const p of list) judging.judge(p.blob, p.pathPolicy);
  return judging.finish(known ?? ((objects) => inHeadTree(cwd, objects)));
}

interface Prepared {
  blob: BlobFacts;
  pathPolicy: PathPolicy;
  /** How many leading bytes the rules need (0: none). */
  bytes: number;
}

function prepare(judging: Judging, candidates: Candidate[], info: Map<string, ObjectInfo>, policy: Policy, lfsPaths: Set<string>): Prepared[] {
  const prepared: Prepared[] = [];
  for (const c of candidates) {
    const found = info.get(c.object);
    // A blob git cannot read was not judged: fail closed rather than report it checked.
    if (!found) throw unreadableObject(c);
    if (found.type !== "blob") continue;
    const pathPolicy = policy.forPath(c.path);
    const blob: BlobFacts = { path: c.path, object: c.object, size: found.size, lfs: lfsPaths.has(c.path) };
    prepared.push({ blob, pathPolicy, bytes: judging.headBytes({ path: c.path, size: found.size, lfs: blob.lfs }, pathPolicy) });
  }
  return prepared;
}

/**
 * Which of these blobs HEAD's tree already holds, at any path. Asked only when size or
 * binary has something to say (one `ls-tree` of HEAD: "<mode> blob <sha>\t<path>\0" per
 * file), so a clean commit never pays for it. (`cat-file -e` cannot tell: a staged blob
 * is in the object store already.)
 */
async function inHeadTree(cwd: string, objects: string[]): Promise<Set<string>> {
  const { stdout } = await git(["ls-tree", "-r", "-z", "--full-tree", "HEAD"], { cwd, okCodes: [128] });
  return new Set(objects.filter((object) => stdout.includes(` ${object}\t`)));
}

function unreadableObject(c: Candidate): BallastError {
  return new BallastError("GIT_FAILED", gitWords.unreadable(c.object, c.path), { fix: gitWords.fsckStage(c.path) });
}
