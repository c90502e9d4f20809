import { objectHeads } from "../git/catfile.js";
import { judge } from "../engine/judge.js";
import { decide } from "../engine/decide.js";
import type { Policy } from "../engine/policy.js";
import type { Finding } from "../report/types.js";
import type { BlobFacts, Detection } from "../rules/types.js";
import { lfsPathsAtTips } from "./attributes.js";
import { introducingCommits } from "./introduced.js";
import { listBlobs, type RevisionSet } from "./revlist.js";

export interface RangeProgress {
  (event: { phase: "walk" | "judge"; blobs: number }): void;
}

export interface CollectOptions {
  cwd: string;
  policy: Policy;
  set: RevisionSet;
  /** The tips whose .gitattributes decide which paths are LFS. */
  tips: string[];
  /** The git common dir, for $GIT_DIR/info/attributes. */
  commonDir?: string;
  onProgress?: RangeProgress;
}

export interface Collected {
  facts: BlobFacts[];
  detections: Detection[];
}

/**
 * Judge every blob the revision set adds, with the blob rules: one streamed rev-list, the
 * attribute lookup (three processes), and judge()'s two cat-file processes.
 */
export async function collectRange({ cwd, policy, set, tips, commonDir, onProgress }: CollectOptions): Promise<Collected> {
  const blobs = await listBlobs(cwd, set, onProgress && ((blobs) => onProgress({ phase: "walk", blobs })));
  onProgress?.({ phase: "judge", blobs: blobs.length });
  const lfsPaths = await lfsPathsAtTips({ cwd, tips, paths: [...new Set(blobs.map((b) => b.path))], ...(commonDir ? { gitDir: commonDir } : {}) });
  const { facts, detections } = await judge({ cwd, policy, candidates: blobs, lfsPaths });
  return { facts, detections };
}

/**
 * Apply the config to every detection, then name the commit that introduced each finding
 * (one `git log` over the paths with findings; nothing runs when there are none).
 */
export async function concludeRange(options: { cwd: string; policy: Policy; set: RevisionSet; detections: Detection[] }): Promise<Finding[]> {
  const findings = decide(options.detections, options.policy);
  const wanted = findings.filter((f) => f.object && !f.commit).map((f) => ({ path: f.path, object: f.object! }));
  if (wanted.length === 0) return findings;
  const commits = await introducingCommits(options.cwd, options.set, wanted);
  for (const f of findings) {
    const commit = f.object ? commits.get(`${f.path}\0${f.object}`) : undefined;
    if (commit && !f.commit) f.commit = commit;
  }
  return findings;
}

/**
 * The whole content of small blobs (LFS pointers, references) that pass `wanted`: the head
 * judge() already read when it is the whole blob, else one more `cat-file --batch`.
 */
export async function smallContents(cwd: string, facts: BlobFacts[], wanted: (blob: BlobFacts) => boolean, maxBytes: number): Promise<Map<string, Buffer>> {
  const contents = new Map<string, Buffer>();
  const missing: BlobFacts[] = [];
  for (const blob of facts) {
    if (blob.size > maxBytes || !wanted(blob)) continue;
    if (blob.head && blob.head.length === blob.size) contents.set(blob.object, blob.head);
    else missing.push(blob);
  }
  const heads = await objectHeads(
    cwd,
    missing.map((b) => ({ object: b.object, bytes: b.size })),
  );
  for (const [object, head] of heads) contents.set(object, head);
  return contents;
}
