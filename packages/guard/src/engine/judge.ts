import { objectInfoThenHeads, type HeadRequest } from "../git/catfile.js";
import type { ObjectInfo } from "../git/parse.js";
import { blobRules } from "../rules/index.js";
import type { BlobFacts, Detection } from "../rules/types.js";
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
 * first bytes of only those blobs a rule needs to see.
 */
export async function judge({ cwd, policy, candidates, lfsPaths }: JudgeOptions): Promise<Judgement> {
  const lfsReady = Promise.resolve(lfsPaths);
  // Handled below once sizes are in; this keeps an early failure from being "unhandled".
  lfsReady.catch(() => {});
  let prepared: Prepared[] = [];
  const { heads } = await objectInfoThenHeads(
    cwd,
    candidates.map((c) => c.object),
    async (info) => {
      prepared = prepare(candidates, info, policy, await lfsReady);
      return prepared.filter((p) => p.bytes > 0).map((p): HeadRequest => ({ object: p.candidate.object, bytes: p.bytes }));
    },
  );

  const facts: BlobFacts[] = [];
  const detections: Detection[] = [];
  for (const p of prepared) {
    const blob: BlobFacts = { path: p.candidate.path, object: p.candidate.object, size: p.size, lfs: p.lfs };
    if (p.candidate.commit) blob.commit = p.candidate.commit;
    const head = heads.get(p.candidate.object);
    if (head && p.bytes > 0) blob.head = head.subarray(0, p.bytes);
    facts.push(blob);
    for (const rule of blobRules) detections.push(...rule.detect(blob, p.pathPolicy));
  }
  return { facts, detections, findings: decide(detections, policy) };
}

interface Prepared {
  candidate: Candidate;
  size: number;
  lfs: boolean;
  pathPolicy: ReturnType<Policy["forPath"]>;
  /** How many leading bytes the rules need (0: none). */
  bytes: number;
}

function prepare(candidates: Candidate[], info: Map<string, ObjectInfo>, policy: Policy, lfsPaths: Set<string>): Prepared[] {
  return candidates.flatMap((c) => {
    const found = info.get(c.object);
    // A blob git cannot read was not judged: fail closed rather than report it checked.
    if (!found) throw unreadableObject(c);
    if (found.type !== "blob") return [];
    const pathPolicy = policy.forPath(c.path);
    const lfs = lfsPaths.has(c.path);
    let bytes = 0;
    for (const rule of blobRules) {
      if (policy.ruleSetting(rule.id, c.path) !== "off") bytes = Math.max(bytes, rule.headBytes({ size: found.size, lfs }, pathPolicy));
    }
    return [{ candidate: c, size: found.size, lfs, pathPolicy, bytes }];
  });
}

function unreadableObject(c: Candidate): BallastError {
  return new BallastError("GIT_FAILED", `git cannot read the object ${c.object} for ${c.path}: the repository may be damaged`, {
    fix: `git fsck --full, then stage the file again: git add -- ${shellQuote(c.path)}`,
  });
}
