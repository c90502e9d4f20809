import { Column } from "../util/column.js";

/**
 * Pairs waiting for their blob's size or head, per blob slot, in the order they came: a
 * linked list in two number arrays instead of an array per slot. A scan of a 100,000-file
 * history has ~55,000 slots waiting at once while git reads their heads; an array each
 * held ~20 MB of the heap (a heap snapshot of scan --all over 116k objects).
 */
export class WaitLists {
  /** Per slot: the first and last waiting pair (-1 or unset: none). */
  private readonly first = new Column(false, -1);
  private readonly last = new Column(false, -1);
  /** Per pair: the next pair waiting for the same slot (-1: none). */
  private readonly next = new Column(false, -1);

  add(slot: number, pair: number): void {
    this.next.set(pair, -1);
    const tail = this.last.get(slot);
    if (tail < 0) this.first.set(slot, pair);
    else this.next.set(tail, pair);
    this.last.set(slot, pair);
  }

  /** Take a slot's pairs, in order, off the list (`each` may add pairs for the slot again). */
  take(slot: number, each: (pair: number) => void): void {
    let pair = this.first.get(slot);
    this.first.set(slot, -1);
    this.last.set(slot, -1);
    while (pair >= 0) {
      const following = this.next.get(pair);
      each(pair);
      pair = following;
    }
  }

  /** Take every slot's pairs, slot by slot. */
  takeAll(each: (pair: number) => void): void {
    for (let slot = 0; slot < this.first.length; slot++) if (this.first.get(slot) >= 0) this.take(slot, each);
  }
}
