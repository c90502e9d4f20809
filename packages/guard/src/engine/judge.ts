import { objectHeads, objectInfo, type HeadRequest } from "../git/catfile.js";
import { blobRules } from "../rules/index.js";
import type { BlobFacts, Detection } from "../rules/types.js";
import type { Finding } from "../report/types.js";
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
  /** Paths that are `filter=lfs` where the candidates will live. */
  lfsPaths: Set<string>;
}

export interface Judgement {
  facts: BlobFacts[];
  detections: Detection[];
  findings: Finding[];
}

/**
 * Judge blobs with two git processes in all: one `cat-file --batch-check` for sizes,
 * and one `cat-file --batch` for the first bytes of only those blobs a rule needs to see.
 */
export async function judge({ cwd, policy, candidates, lfsPaths }: JudgeOptions): Promise<Judgement> {
  const info = await objectInfo(
    cwd,
    candidates.map((c) => c.object),
  );
  const prepared = candidates.flatMap((c) => {
    const found = info.get(c.object);
    if (!found || found.type !== "blob") return [];
    const pathPolicy = policy.forPath(c.path);
    const lfs = lfsPaths.has(c.path);
    const bytes = Math.max(
      0,
      ...blobRules
        .filter((rule) => policy.ruleSetting(rule.id, c.path) !== "off")
        .map((rule) => rule.headBytes({ size: found.size, lfs }, pathPolicy)),
    );
    return [{ candidate: c, size: found.size, lfs, pathPolicy, bytes }];
  });

  const requests: HeadRequest[] = prepared.filter((p) => p.bytes > 0).map((p) => ({ object: p.candidate.object, bytes: p.bytes }));
  const heads = await objectHeads(cwd, requests);

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
