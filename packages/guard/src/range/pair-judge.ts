import type { Judging } from "../engine/judge.js";
import type { Policy } from "../engine/policy.js";
import type { BlobFacts, PathPolicy } from "../rules/types.js";
import { Column } from "../util/column.js";
import { streamBlobs, type BlobStream } from "./blob-stream.js";
import type { Layout } from "./layouts.js";
import { Lfs, type LfsStatus } from "./lfs-status.js";
import { Pairs } from "./pairs.js";
import { WaitLists } from "./wait-lists.js";

/**
 * The walk's pairs on their way to the judge: each blob's size, then its first bytes, as
 * many as the rules need at any of its paths (a later path that needs more asks again).
 * A pair is judged as its head arrives when its path cannot be LFS; otherwise it is
 * parked, head copied, until git has said (`parked`, `judgeNow`). Before the config is in,
 * sizes wait (the walk starts first).
 */
export class PairJudge {
  readonly pairs = new Pairs();
  /** Walk index → commit id. */
  readonly commits: string[] = [];
  /** Pairs whose LFS-ness git has to tell, with the head their rules need. */
  readonly parked = new Map<number, Buffer | undefined>();
  private readonly stream: BlobStream;
  /** Per slot: 1 once its size is in. */
  private readonly sized = new Column();
  /** Head bytes asked for and not yet in, per slot. */
  private readonly requested = new Column(true);
  private readonly waiting = new WaitLists();
  private readonly early: number[] = [];
  /** Each pair's path policy, from its head-size question to its judgement. */
  private readonly policies: Array<PathPolicy | undefined> = [];
  /**
   * Called when a pair is parked whose path a line naming lfs reaches (Maybe, not merely
   * Pending on a .gitattributes still being read), and a rule for new blobs may speak about
   * it: its judgement waits for the end of the walk, and will then ask which blobs are new.
   */
  onParkedMaybe: (() => void) | undefined;
  private judging: Judging | undefined;
  private policy!: Policy;
  private readonly configured: Promise<void>;
  private onConfigured!: () => void;

  constructor(
    cwd: string,
    private readonly status: LfsStatus,
    /** The walk has exclusions: whether a blob is new to the repository is known at the end. */
    private readonly excluded: boolean,
  ) {
    this.stream = streamBlobs({ cwd, onSize: (slot) => this.onSize(slot), onHead: (slot, head) => this.onHead(slot, head) });
    this.configured = new Promise((resolve) => (this.onConfigured = resolve));
  }

  /** The config is in: sizes that came before it are handled now. */
  ready(policy: Policy, judging: Judging): void {
    this.policy = policy;
    this.judging = judging;
    for (const slot of this.early.splice(0)) this.onSize(slot);
    this.onConfigured();
  }

  /** A (path, blob) the current commit (the last in `commits`) brings, under `layout`. */
  add(path: string, object: string, layout: Layout): void {
    const { pairs } = this;
    let slot = pairs.slot(object);
    if (slot === undefined) slot = this.stream.add(object);
    const p = pairs.add({ path, object, slot, commit: this.commits.length - 1, layout, lfs: this.status.of(layout, path), excluded: this.excluded });
    if (p === undefined) return;
    if (this.sized.get(slot) === 0) return this.waiting.add(slot, p);
    this.ask(slot, this.place(p));
  }

  flush(): void {
    this.stream.flush();
  }

  /** The walk is over: every size and head comes in; a head that never came is judged without one. */
  async end(): Promise<void> {
    // Sizes that came before the config still ask for heads: the stream ends after them.
    await this.configured;
    this.stream.end();
    await this.stream.done;
    this.waiting.takeAll((p) => this.settle(p, undefined));
  }

  judgeNow(p: number, head: Buffer | undefined, lfs: boolean): void {
    const { pairs } = this;
    const slot = pairs.slots.get(p);
    const blob: BlobFacts = { path: pairs.paths[p]!, object: this.stream.object(slot), size: this.stream.size(slot), lfs, commit: this.commits[pairs.commits.get(p)]! };
    const fresh = pairs.isNew(p);
    if (fresh !== undefined) blob.new = fresh;
    if (head) blob.head = head;
    this.judging!.judge(blob, this.pathPolicy(p));
    this.policies[p] = undefined;
  }

  kill(): void {
    this.stream.kill();
  }

  private pathPolicy(p: number): PathPolicy {
    return this.policies[p] ?? (this.policies[p] = this.policy.forPath(this.pairs.paths[p]!));
  }

  private settle(p: number, head: Buffer | undefined): void {
    const { pairs } = this;
    if (pairs.lfs.get(p) === Lfs.Pending) pairs.lfs.set(p, this.status.of(pairs.layouts[p]!, pairs.paths[p]!));
    if (pairs.lfs.get(p) === Lfs.No) this.judgeNow(p, head, false);
    else {
      if (pairs.lfs.get(p) === Lfs.Maybe && this.onParkedMaybe && this.mayAskNew(p, head)) this.onParkedMaybe();
      this.parked.set(p, head && Buffer.from(head));
    }
  }

  /** Whether the judge may ask if pair `p`'s blob is new, whichever way git answers for LFS. */
  private mayAskNew(p: number, head: Buffer | undefined): boolean {
    const { pairs } = this;
    const info = { path: pairs.paths[p]!, size: this.stream.size(pairs.slots.get(p)), lfs: true, new: pairs.isNew(p) };
    const pathPolicy = this.pathPolicy(p);
    return this.judging!.mayAskNew(info, pathPolicy, head) || this.judging!.mayAskNew({ ...info, lfs: false }, pathPolicy, head);
  }

  /** A pair whose blob's size is known: judged now if no head is needed, else it waits for it. */
  private place(p: number): number {
    const { pairs } = this;
    const size = this.stream.size(pairs.slots.get(p));
    const info = { path: pairs.paths[p]!, size, lfs: false, new: pairs.isNew(p) };
    const plain = this.judging!.headBytes(info, this.pathPolicy(p));
    const most = pairs.lfs.get(p) === Lfs.No ? plain : Math.max(plain, this.judging!.headBytes({ ...info, lfs: true }, this.pathPolicy(p)));
    // Never more than the blob holds: a head is at most the whole blob.
    const need = Math.min(most, size);
    pairs.need.set(p, need);
    // A pair at a path a line naming lfs reaches: whether its blob is new may be asked at the
    // end (a pointer-sized blob may be a pointer the LFS store is asked about); find out now,
    // not once its head is in.
    if (need > 0 && pairs.lfs.get(p) === Lfs.Maybe && this.onParkedMaybe && this.mayAskNew(p, undefined)) this.onParkedMaybe();
    if (need === 0) this.settle(p, undefined);
    else this.waiting.add(pairs.slots.get(p), p);
    return need;
  }

  private onSize(slot: number): void {
    if (!this.judging) return void this.early.push(slot);
    this.sized.set(slot, 1);
    let most = 0;
    this.waiting.take(slot, (p) => (most = Math.max(most, this.place(p))));
    this.ask(slot, most);
  }

  private ask(slot: number, bytes: number): void {
    if (bytes <= this.requested.get(slot)) return;
    this.requested.set(slot, bytes);
    this.stream.askHead(slot, bytes);
  }

  private onHead(slot: number, head: Buffer): void {
    if (head.length >= this.requested.get(slot)) this.requested.set(slot, 0);
    // A pair that needs more than came waits on (its bigger head was asked for after this one).
    this.waiting.take(slot, (p) => {
      const need = this.pairs.need.get(p);
      if (need <= head.length) this.settle(p, head.subarray(0, need));
      else this.waiting.add(slot, p);
    });
  }
}
