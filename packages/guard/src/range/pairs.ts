import { Column } from "../util/column.js";
import { IdIndex } from "../util/id-index.js";
import type { Layout } from "./layouts.js";
import { Lfs } from "./lfs-status.js";

/**
 * Every (path, blob) a walk brings, as parallel arrays (one slot per pair, no object per
 * pair: a history has hundreds of thousands), with the blobs' slots in the blob stream.
 */
export class Pairs {
  readonly paths: string[] = [];
  /** The blob's slot in the blob stream. */
  readonly slots = new Column();
  /** The commit's index in the walk. */
  readonly commits = new Column();
  readonly layouts: Layout[] = [];
  /** BlobFacts.new: 0 false (a blob an earlier commit of the walk brought already), 1 true, -1 unknown yet. */
  readonly fresh = new Column();
  /** An Lfs value. */
  readonly lfs = new Column();
  /** Head bytes the rules need (-1 until the blob's size is known). */
  readonly need = new Column(true);

  private readonly slotOf = new IdIndex();
  /** Per slot: the walk index of the commit that first brought the blob, and its first pair. */
  private readonly firstCommit = new Column(false, -1);
  private readonly firstPair = new Column(false, -1);
  /** Later pairs of a blob, for the few blobs that have them. */
  private readonly later = new Map<number, number[]>();

  get length(): number {
    return this.paths.length;
  }

  /** BlobFacts.new of pair `p` (undefined: known only at the end, from the exclusions). */
  isNew(p: number): boolean | undefined {
    const fresh = this.fresh.get(p);
    return fresh < 0 ? undefined : fresh === 1;
  }

  /** The slot of a blob already seen, else undefined. */
  slot(object: string): number | undefined {
    return this.slotOf.get(object);
  }

  /**
   * Add a pair (undefined when the same blob is already at this path under the same
   * attributes: a cherry-pick, a revert, judged once). `excluded`: the walk has exclusions,
   * so whether a blob is new to the repository is known only at the end.
   */
  add(options: { path: string; object: string; slot: number; commit: number; layout: Layout; lfs: Lfs; excluded: boolean }): number | undefined {
    const { path, slot, commit, layout } = options;
    let fresh = options.excluded ? -1 : 1;
    const first = this.firstPair.get(slot);
    if (first < 0) {
      this.slotOf.add(options.object, slot);
      this.firstCommit.set(slot, commit);
      this.firstPair.set(slot, this.length);
    } else {
      if (this.same(first, path, layout)) return undefined;
      const others = this.later.get(slot);
      if (others?.some((p) => this.same(p, path, layout))) return undefined;
      // A blob an earlier commit brought adds no weight where it goes next.
      if (this.firstCommit.get(slot) !== commit) fresh = 0;
      if (others) others.push(this.length);
      else this.later.set(slot, [this.length]);
    }
    this.paths.push(path);
    this.slots.push(slot);
    this.commits.push(commit);
    this.layouts.push(layout);
    this.fresh.push(fresh);
    this.lfs.push(options.lfs);
    this.need.push(-1);
    return this.length - 1;
  }

  private same(pair: number, path: string, layout: Layout): boolean {
    return this.paths[pair] === path && this.layouts[pair] === layout;
  }
}

export { Lfs };
