import { objectInfoThenHeads, type HeadRequest } from "../git/catfile.js";
import type { ObjectInfo } from "../git/parse.js";
import { blobRules } from "../rules/index.js";
import type { BlobFacts, Detection, PathPolicy } from "../rules/types.js";
import type { Finding } from "../report/types.js";
import { BallastError } from "../errors.js";
import { shellQuote } from "../util/shell.js";
import { decide } from "./decide.js";
import type { Policy } from "./policy.js";

/** A blob to judge: where it sits and which object it is. */
export interface Candidate {
  path: string;
  object: string;
  commit?: string;
}

export interface JudgeOptions {
  cwd: string;
  policy: Policy;
  candidates: Candidate[];
  /**
   * Paths that are `filter=lfs` where the candidates will live. A promise lets the
   * attribute lookup run while cat-file already reads sizes.
   */
  lfsPaths: Set<string> | Promise<Set<string>>;
}

export interface Judgement {
  facts: BlobFacts[];
  detections: Detection[];
  findings: Finding[];
}

/**
 * Judge blobs with one `git cat-file --batch-command` process: sizes first, then the
 * first bytes of only those blobs a rule needs to see. Each blob is judged as soon as its
 * head arrives, and the head is not kept (the facts returned carry none): memory stays
 * flat whatever the number of staged files.
 */
export async function judge({ cwd, policy, candidates, lfsPaths }: JudgeOptions): Promise<Judgement> {
  const lfsReady = Promise.resolve(lfsPaths);
  // Handled below once sizes are in; this keeps an early failure from being "unhandled".
  lfsReady.catch(() => {});
  const facts: BlobFacts[] = [];
  const detections: Detection[] = [];
  const detect = (blob: BlobFacts, pathPolicy: PathPolicy) => {
    for (const rule of blobRules) {
      const found = rule.detect(blob, pathPolicy);
      for (let i = 0; i < found.length; i++) detections.push(found[i]!);
    }
  };
  // Blobs waiting for their head, by object (the same bytes may be staged at two paths).
  const waiting = new Map<string, Prepared[]>();
  await objectInfoThenHeads(
    cwd,
    candidates.map((c) => c.object),
    async (info) => {
      const requests: HeadRequest[] = [];
      for (const p of prepare(candidates, info, policy, await lfsReady)) {
        facts.push(p.blob);
        if (p.bytes === 0) {
          detect(p.blob, p.pathPolicy);
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
        detect(p.blob, p.pathPolicy);
        // Cleared, not deleted: a deleted property turns 10,000 objects into slow ones.
        p.blob.head = undefined;
      }
      waiting.delete(object);
    },
  );
  // A blob whose head never came (git lost it between the two questions) is judged
  // without one: the size rules still apply, and no content rule passes it silently.
  for (const list of waiting.values()) for (const p of list) detect(p.blob, p.pathPolicy);
  return { facts, detections, findings: decide(detections, policy) };
}

interface Prepared {
  blob: BlobFacts;
  pathPolicy: PathPolicy;
  /** How many leading bytes the rules need (0: none). */
  bytes: number;
}

/**
 * How many leading bytes of a blob the rules that are not off need to see, with the
 * config's rule settings looked up once, not once per rule per blob (overrides that set a
 * rule for some paths are still asked per path).
 */
export function headBytesFor(policy: Policy): (path: string, info: { size: number; lfs: boolean }, pathPolicy: PathPolicy) => number {
  const rules = blobRules.map((rule) => ({ rule, everywhere: policy.ruleSettingEverywhere(rule.id) })).filter(({ everywhere }) => everywhere !== "off");
  return (path, info, pathPolicy) => {
    let bytes = 0;
    for (const { rule, everywhere } of rules) {
      if ((everywhere ?? policy.ruleSetting(rule.id, path)) !== "off") bytes = Math.max(bytes, rule.headBytes(info, pathPolicy));
    }
    return bytes;
  };
}

function prepare(candidates: Candidate[], info: Map<string, ObjectInfo>, policy: Policy, lfsPaths: Set<string>): Prepared[] {
  const prepared: Prepared[] = [];
  const headBytes = headBytesFor(policy);
  for (const c of candidates) {
    const found = info.get(c.object);
    // A blob git cannot read was not judged: fail closed rather than report it checked.
    if (!found) throw unreadableObject(c);
    if (found.type !== "blob") continue;
    const pathPolicy = policy.forPath(c.path);
    const lfs = lfsPaths.has(c.path);
    const bytes = headBytes(c.path, { size: found.size, lfs }, pathPolicy);
    const blob: BlobFacts = { path: c.path, object: c.object, size: found.size, lfs };
    if (c.commit) blob.commit = c.commit;
    prepared.push({ blob, pathPolicy, bytes });
  }
  return prepared;
}

function unreadableObject(c: Candidate): BallastError {
  return new BallastError("GIT_FAILED", `git cannot read the object ${c.object} for ${c.path}: the repository may be damaged`, {
    fix: `git fsck --full, then stage the file again: git add -- ${shellQuote(c.path)}`,
  });
}
