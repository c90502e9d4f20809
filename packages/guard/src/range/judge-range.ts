import { startJudging, type Judging } from "../engine/judge.js";
import type { Policy } from "../engine/policy.js";
import type { Finding } from "../report/types.js";
import type { BlobFacts, PathPolicy, RuleContext } from "../rules/types.js";
import { startAttributeLookup } from "./attributes.js";
import { streamBlobs } from "./blob-stream.js";
import { introducingCommits } from "./introduced.js";
import type { RevisionSet } from "./revlist.js";

export interface RangeProgress {
  (event: { phase: "walk" | "judge"; blobs: number }): void;
}

export interface RangeOptions {
  cwd: string;
  /** A promise lets the walk start while the config is still loading. */
  policy: Policy | Promise<Policy>;
  set: RevisionSet;
  /** The tips whose .gitattributes decide which paths are LFS. */
  tips: string[] | Promise<string[]>;
  /** The git common dir, for $GIT_DIR/info/attributes. */
  commonDir?: string;
  /** What storage rules may ask (pre-push: the LFS store and object storage). */
  context?: RuleContext;
  onProgress?: RangeProgress;
}

export interface RangeJudgement {
  findings: Finding[];
  /** (blob, path) pairs judged. */
  judged: number;
}

/**
 * A range of commits as a source for the judge: every blob the revision set adds. The
 * walk, the sizes and the first bytes come from one pipeline of git processes
 * (blob-stream.ts), started at once; the attribute lookup reads the tips' .gitattributes
 * meanwhile and asks git about the paths once the walk has named them. A blob's first
 * bytes are asked for as soon as its size is known, for either attribute answer, and a
 * blob is judged as they arrive when no .gitattributes can make its path LFS (the rest
 * once git has answered), so heads are not held in memory.
 */
export async function judgeRange({ cwd, policy, set, tips, commonDir, context, onProgress }: RangeOptions): Promise<RangeJudgement> {
  const attributes = startAttributeLookup({ cwd, tips, ...(commonDir ? { gitDir: commonDir } : {}) });
  let mayBeLfs: ((path: string) => boolean) | undefined;
  void attributes.mayBeLfs.then((fn) => (mayBeLfs = fn), () => {});
  let current: Policy | undefined;
  let judging!: Judging;
  const ready = Promise.resolve(policy).then((p) => {
    judging = startJudging({ policy: p, ...(context ? { context } : {}) });
    return (current = p);
  });
  const pathPolicies: PathPolicy[] = [];
  const judged: boolean[] = [];
  const waiting = new Map<number, Buffer>();

  const judgeOne = (index: number, lfs: boolean, head: Buffer | undefined) => {
    const path = paths[index]!;
    const pathPolicy = pathPolicies[index] ?? current!.forPath(path);
    const blob: BlobFacts = { path, object: objects[index]!, size: sizes[index]!, lfs };
    const bytes = judging.headBytes({ path, size: blob.size, lfs }, pathPolicy);
    if (head && bytes > 0) blob.head = head.subarray(0, bytes);
    judging.judge(blob, pathPolicy);
    judged[index] = true;
  };

  const stream = streamBlobs({
    cwd,
    set,
    headBytes: ready.then((p) => (index, path, size) => {
      const pathPolicy = p.forPath(path);
      pathPolicies[index] = pathPolicy;
      return Math.max(judging.headBytes({ path, size, lfs: false }, pathPolicy), judging.headBytes({ path, size, lfs: true }, pathPolicy));
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

  let count = 0;
  for (let i = 0; i < objects.length; i++) {
    if (sizes[i]! < 0) continue;
    count++;
    if (!judged[i]) judgeOne(i, lfsPaths.has(paths[i]!), waiting.get(i));
  }
  const { findings } = await judging.finish();
  const wanted = findings.filter((f) => f.object && !f.commit).map((f) => ({ path: f.path, object: f.object! }));
  if (wanted.length > 0) {
    const commits = await introducingCommits(cwd, set, wanted);
    for (const f of findings) {
      const commit = f.object ? commits.get(`${f.path}\0${f.object}`) : undefined;
      if (commit && !f.commit) f.commit = commit;
    }
  }
  return { findings, judged: count };
}

/** Each path once (rev-list names a path again for each new version of the file). */
function uniquePaths(paths: string[]): string[] {
  return [...new Set(paths)];
}

