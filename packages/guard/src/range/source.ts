import { startJudging, type Judging } from "../engine/judge.js";
import type { Policy } from "../engine/policy.js";
import { isRegularFileMode } from "../git/parse.js";
import type { Finding } from "../report/types.js";
import type { BlobFacts, RuleContext } from "../rules/types.js";
import { infoAttributes, lfsAnswers, type AttributeQuestion } from "./attributes.js";
import { streamBlobs } from "./blob-stream.js";
import { Layouts } from "./layouts.js";
import { Lfs, LfsStatus } from "./lfs-status.js";
import { Pairs } from "./pairs.js";
import { SmallBlobReader } from "./reader.js";
import { retrackedPairs, type Retracked } from "./retrack.js";
import { newBlobs, type RevisionSet } from "./revlist.js";
import { walkCommits, type WalkEntry } from "./walk.js";

export interface RangeProgress {
  (event: { phase: "walk" | "judge"; blobs: number }): void;
}

export interface RangeOptions {
  cwd: string;
  /** A promise lets the walk start while the config is still loading. */
  policy: Policy | Promise<Policy>;
  set: RevisionSet;
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
 * A range of commits as a source for the judge (pre-push, scan; a received push alike):
 * every (path, blob) a commit of the set brings, with the .gitattributes of that commit,
 * each finding naming that commit. Three git processes stream together (walk.ts: the
 * commits' changes, oldest first; blob-stream.ts: sizes, then first bytes), and a pair is
 * judged as its head arrives when no line naming lfs can reach its path; the others wait,
 * head kept, for git's answer at the end (attributes.ts). A commit that changes which
 * paths are LFS has its unchanged files judged again (retrack.ts): a pointer left behind
 * when tracking is dropped. Size and binary judge a blob only where it first arrives and
 * only if the exclusions lack it (one rev-list, asked only when they have something to say).
 */
export async function judgeRange(options: RangeOptions): Promise<RangeJudgement> {
  const { cwd, set, onProgress } = options;
  const excluded = set.exclude.length > 0 || set.remote !== undefined;
  const reader = new SmallBlobReader(cwd);
  const layouts = new Layouts(reader);
  const status = new LfsStatus(layouts, reader, /lfs/i.test(infoAttributes(options.commonDir)));
  const pairs = new Pairs();
  const commits: string[] = [];
  let judging: Judging | undefined;
  let policy!: Policy;
  const sized: boolean[] = [];
  /** Head bytes asked for and not yet in, per slot. */
  const requested: number[] = [];
  const waiting = new Map<number, number[]>();
  const parked = new Map<number, Buffer | undefined>();
  const early: number[] = [];

  const judgeNow = (p: number, head: Buffer | undefined, lfs: boolean) => {
    const slot = pairs.slots[p]!;
    const blob: BlobFacts = { path: pairs.paths[p]!, object: objects[slot]!, size: stream.sizes[slot]!, lfs, commit: commits[pairs.commits[p]!]! };
    const fresh = pairs.fresh[p];
    if (fresh !== undefined) blob.new = fresh;
    if (head) blob.head = head;
    judging!.judge(blob, policy.forPath(blob.path));
  };
  const settle = (p: number, head: Buffer | undefined) => {
    if (pairs.lfs[p] === Lfs.Pending) pairs.lfs[p] = status.of(pairs.layouts[p]!, pairs.paths[p]!);
    if (pairs.lfs[p] === Lfs.No) judgeNow(p, head, false);
    else parked.set(p, head && Buffer.from(head));
  };
  const needOf = (p: number) => {
    const path = pairs.paths[p]!;
    const info = { path, size: stream.sizes[pairs.slots[p]!]!, lfs: false, new: pairs.fresh[p] };
    const pathPolicy = policy.forPath(path);
    const plain = judging!.headBytes(info, pathPolicy);
    return pairs.lfs[p] === Lfs.No ? plain : Math.max(plain, judging!.headBytes({ ...info, lfs: true }, pathPolicy));
  };
  // A pair whose blob's size is known: judged now if no head is needed, else waits for it.
  const place = (p: number): number => {
    // Never more than the blob holds: a head is at most the whole blob.
    const need = (pairs.need[p] = Math.min(needOf(p), stream.sizes[pairs.slots[p]!]!));
    if (need === 0) settle(p, undefined);
    else push(waiting, pairs.slots[p]!, p);
    return need;
  };
  const onSize = (slot: number) => {
    if (!judging) return void early.push(slot);
    sized[slot] = true;
    let most = 0;
    for (const p of take(waiting, slot)) most = Math.max(most, place(p));
    ask(slot, most);
  };
  const ask = (slot: number, bytes: number) => {
    if (bytes <= (requested[slot] ?? 0)) return;
    requested[slot] = bytes;
    stream.askHead(slot, bytes);
  };
  const stream = streamBlobs({
    cwd,
    onSize,
    onHead(slot, head) {
      if (head.length >= (requested[slot] ?? 0)) requested[slot] = 0;
      const left: number[] = [];
      for (const p of take(waiting, slot)) {
        if (pairs.need[p]! <= head.length) settle(p, head.subarray(0, pairs.need[p]!));
        else left.push(p);
      }
      if (left.length) waiting.set(slot, left);
    },
  });
  const objects: string[] = [];
  const ready = Promise.resolve(options.policy).then((p) => {
    policy = p;
    judging = startJudging({ policy: p, ...(options.context ? { context: options.context } : {}) });
    for (const slot of early.splice(0)) onSize(slot);
  });
  ready.catch(() => {});

  let entries: WalkEntry[] = [];
  // A commit's pairs are taken once all its entries are in: its .gitattributes first.
  const takeCommit = () => {
    for (const e of entries) if (e.path === ".gitattributes" || e.path.endsWith("/.gitattributes")) layouts.entry(e.path, e.mode, e.object);
    for (const e of entries) if (isRegularFileMode(e.mode)) addPair(e);
    entries = [];
  };
  const addPair = (e: WalkEntry) => {
    const layout = layouts.layout;
    let slot = pairs.slot(e.object);
    if (slot === undefined) {
      slot = stream.add(e.object);
      objects[slot] = e.object;
    }
    const p = pairs.add({ path: e.path, object: e.object, slot, commit: commits.length - 1, layout, lfs: status.of(layout, e.path), excluded });
    if (p === undefined) return;
    if (!sized[slot]) return push(waiting, slot, p);
    ask(slot, place(p));
  };
  let tick = 0;
  const walk = walkCommits({
    cwd,
    set,
    listener: {
      commit(sha, parents) {
        takeCommit();
        layouts.commit(sha, parents);
        commits.push(sha);
      },
      entry: (e) => entries.push(e),
      chunk() {
        stream.flush();
        if (onProgress && Date.now() - tick > 100) {
          tick = Date.now();
          onProgress({ phase: "walk", blobs: pairs.length });
        }
      },
    },
  });

  try {
    await walk.done;
    takeCommit();
    layouts.end();
    stream.end();
    await Promise.all([stream.done, ready]);
    // A head that never came (git lost the blob between two questions): judged without
    // one, so the size rules still apply and no content rule passes it silently.
    for (const list of waiting.values()) for (const p of list) settle(p, undefined);
    onProgress?.({ phase: "judge", blobs: pairs.length });
    // What is still open: pairs a line naming lfs may reach, and files retracked.
    await reader.idle();
    const questions: AttributeQuestion[] = [];
    const asked: number[] = [];
    for (const [p, head] of parked) {
      const lfs = pairs.lfs[p] === Lfs.Pending ? status.of(pairs.layouts[p]!, pairs.paths[p]!) : pairs.lfs[p];
      if (lfs === Lfs.No) judgeNow(p, head, false);
      else asked[p] = questions.push(status.question(pairs.layouts[p]!, pairs.paths[p]!)) - 1;
    }
    const retracked: Retracked = await retrackedPairs({ cwd, changes: layouts.changes, status, reader, questions });
    const yes = await lfsAnswers({ cwd, ...(options.commonDir ? { commonDir: options.commonDir } : {}), questions, contentOf: (o) => status.content(o) });
    for (const [p, head] of parked) if (asked[p] !== undefined) judgeNow(p, head, yes.has(asked[p]!));
    await retracked.judge(yes, judging!, policy);
    await reader.close();
    const known = excluded ? async (wanted: string[]) => inExclusions(cwd, set, wanted) : undefined;
    const { findings } = await judging!.finish(known);
    return { findings, judged: judging!.judged };
  } catch (error) {
    walk.kill();
    stream.kill();
    reader.kill();
    throw error;
  }
}

/** The blobs among `wanted` that the set's exclusions already have (not new to the repository). */
async function inExclusions(cwd: string, set: RevisionSet, wanted: string[]): Promise<Set<string>> {
  const fresh = await newBlobs(cwd, set);
  return new Set(wanted.filter((object) => !fresh.has(object)));
}

function push(map: Map<number, number[]>, key: number, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function take(map: Map<number, number[]>, key: number): number[] {
  const list = map.get(key) ?? [];
  map.delete(key);
  return list;
}
