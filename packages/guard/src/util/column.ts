/**
 * A growable column of numbers in a typed array, for the per-pair and per-blob facts a
 * walk keeps (range/): a JS array of numbers costs 8 bytes an element plus its spare
 * capacity and holes; an Int32Array 4, a Float64Array 8 with no boxing. Scan --all over
 * 116k objects keeps ~15 of them, which decided its peak RSS (docs/performance.md).
 * Only two element kinds are used, so reads stay cheap where the same code sees both.
 */
export class Column {
  private data: Int32Array | Float64Array;
  /** One past the highest index written. */
  length = 0;

  /**
   * `wide`: a Float64Array (sizes and byte counts, which may pass 2^31), else an Int32Array.
   * `empty`: what an index never written reads as.
   */
  constructor(
    private readonly wide = false,
    private readonly empty = 0,
  ) {
    this.data = this.make(64);
  }

  get(index: number): number {
    return index < this.data.length ? this.data[index]! : this.empty;
  }

  set(index: number, value: number): void {
    if (index >= this.data.length) this.grow(index + 1);
    this.data[index] = value;
    if (index >= this.length) this.length = index + 1;
  }

  push(value: number): number {
    this.set(this.length, value);
    return this.length - 1;
  }

  private grow(needed: number): void {
    let size = this.data.length * 2;
    while (size < needed) size *= 2;
    const data = this.make(size);
    data.set(this.data);
    this.data = data;
  }

  private make(size: number): Int32Array | Float64Array {
    const data = this.wide ? new Float64Array(size) : new Int32Array(size);
    if (this.empty !== 0) data.fill(this.empty);
    return data;
  }
}
