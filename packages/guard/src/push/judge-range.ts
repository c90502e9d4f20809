import { objectHeads } from "../git/catfile.js";
import { decide } from "../engine/decide.js";
import { placeFixes } from "../fix/context.js";
import { headBytesFor } from "../engine/judge.js";
import type { Policy } from "../engine/policy.js";
import type { Finding } from "../report/types.js";
import { blobRules } from "../rules/index.js";
import type { BlobFacts, Detection, PathPolicy } from "../rules/types.js";
import { startAttributeLookup } from "./attributes.js";
import { streamBlobs } from "./blob-stream.js";
import { introducingCommits } from "./introduced.js";
import type { RevisionSet } from "./revlist.js";

export interface RangeProgress {
  (event: { phase: "walk" | "judge"; blobs: number }): void;
}

export interface CollectOptions {
  cwd: string;
  /** A promise lets the walk start while the config is still loading. */
  policy: Policy | Promise<Policy>;
  set: RevisionSet;
  /** The tips whose .gitattributes decide which paths are LFS. */
  tips: string[] | Promise<string[]>;
  /** The git common dir, for $GIT_DIR/info/attributes. */
  commonDir?: string;
  onProgress?: RangeProgress;
  /** Which blobs' facts keep their first bytes (by default none do). */
  keepHead?: (blob: BlobFacts) => boolean;
}

export interface Collected {
  facts: BlobFacts[];
  detections: Detection[];
}

/**
 * Judge every blob the revision set adds, with the blob rules. The walk, the sizes and the
 * first bytes come from one pipeline of git processes (blob-stream.ts), started at once;
 * the attribute lookup reads the tips' .gitattributes meanwhile and asks git about the
 * paths once the walk has named them. As judge() does, but as a stream: a blob's first
 * bytes are asked for as soon as its size is known, for either attribute answer, and a
 * blob is judged as they arrive when no .gitattributes can make its path LFS (the rest
 * once git has answered), so heads are not held in memory. `keepHead` says which blobs'
 * facts keep their head (pre-push reads pointers and references from them).
 */
export async function collectRange({ cwd, policy, set, tips, commonDir, onProgress, keepHead }: CollectOptions): Promise<Collected> {
  const attributes = startAttributeLookup({ cwd, tips, ...(commonDir ? { gitDir: commonDir } : {}) });
  let mayBeLfs: ((path: string) => boolean) | undefined;
  void attributes.mayBeLfs.then((fn) => (mayBeLfs = fn), () => {});
  let current: Policy | undefined;
  let headBytes!: ReturnType<typeof headBytesFor>;
  const ready = Promise.resolve(policy).then((p) => {
    headBytes = headBytesFor(p);
    return (current = p);
  });
  const pathPolicies: PathPolicy[] = [];
  const judged: Array<BlobFacts | undefined> = [];
  const found = new Map<number, Detection[]>();
  const waiting = new Map<number, Buffer>();

  const judgeOne = (index: number, lfs: boolean, head: Buffer | undefined) => {
    const p = current!;
    const path = paths[index]!;
    const pathPolicy = pathPolicies[index] ?? p.forPath(path);
    const blob: BlobFacts = { path, object: objects[index]!, size: sizes[index]!, lfs };
    const bytes = headBytes(path, blob, pathPolicy);
    if (head && bytes > 0) blob.head = head.subarray(0, bytes);
    let detections: Detection[] | undefined;
    for (const rule of blobRules) {
      const seen = rule.detect(blob, pathPolicy);
      if (seen.length) (detections ??= []).push(...seen);
    }
    if (detections) found.set(index, detections);
    // The head was a view of git's output: copied only when the facts keep it. (Set to
    // undefined, not deleted: a deleted property turns 100,000 objects into slow ones.)
    if (blob.head) blob.head = keepHead?.(blob) ? Buffer.from(blob.head) : undefined;
    judged[index] = blob;
  };

  const stream = streamBlobs({
    cwd,
    set,
    headBytes: ready.then((p) => (index, path, size) => {
      const pathPolicy = p.forPath(path);
      pathPolicies[index] = pathPolicy;
      return Math.max(headBytes(path, { size, lfs: false }, pathPolicy), headBytes(path, { size, lfs: true }, pathPolicy));
    }),
    onHead: (index, head) => {
      if (mayBeLfs && !mayBeLfs(paths[index]!)) judgeOne(index, false, head);
      else waiting.set(index, Buffer.from(head));
    },
    ...(onProgress ? { onProgress: (blobs: number) => onProgress({ phase: "walk", blobs }) } : {}),
  });
  const { objects, paths, sizes } = stream.blobs;
  // Paths no .gitattributes can reach are not worth a Set entry (lfsPaths would drop them).
  const lfsReady = Promise.all([stream.walked, attributes.mayBeLfs]).then(([walked, may]) => attributes.lfsPaths(uniquePaths(walked.filter(may))));
  lfsReady.catch(() => {});
  const [, lfsPaths] = await Promise.all([stream.done, lfsReady, ready]);
  onProgress?.({ phase: "judge", blobs: objects.length });

  const facts: BlobFacts[] = [];
  const detections: Detection[] = [];
  for (let i = 0; i < objects.length; i++) {
    if (sizes[i]! < 0) continue;
    if (!judged[i]) judgeOne(i, lfsPaths.has(paths[i]!), waiting.get(i));
    facts.push(judged[i]!);
    const seen = found.get(i);
    if (seen) detections.push(...seen);
  }
  return { facts, detections };
}

/** Each path once (rev-list names a path again for each new version of the file). */
function uniquePaths(paths: string[]): string[] {
  return [...new Set(paths)];
}

/**
 * Apply the config to every detection, then name the commit that introduced each finding
 * (one `git log` over the paths with findings; nothing runs when there are none).
 */
export async function concludeRange(options: { cwd: string; policy: Policy; set: RevisionSet; detections: Detection[] }): Promise<Finding[]> {
  // Every blob here is in a commit already: its fix rewrites history (fix/context.ts).
  const findings = await placeFixes("history", options.cwd, decide(options.detections, options.policy));
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
