/**
 * A stream of delimited records (LF-terminated lines of `cat-file --batch-check`, the
 * NUL-separated fields of `git log -z`), each handed over as (buffer, start, end) without
 * copying the chunk it lies in: only a record split across two chunks is copied. Every
 * record is handed over, empty ones too (a caller that has none skips them).
 */
export class Splitter {
  private rest: Buffer | undefined;

  constructor(
    private readonly delimiter: number,
    private readonly onRecord: (buf: Buffer, start: number, end: number) => void,
  ) {}

  push(chunk: Buffer): void {
    const { delimiter } = this;
    let at = 0;
    if (this.rest) {
      const cut = chunk.indexOf(delimiter);
      if (cut < 0) {
        this.rest = Buffer.concat([this.rest, chunk]);
        return;
      }
      const record = Buffer.concat([this.rest, chunk.subarray(0, cut)]);
      this.rest = undefined;
      this.onRecord(record, 0, record.length);
      at = cut + 1;
    }
    for (let cut = chunk.indexOf(delimiter, at); cut >= 0; cut = chunk.indexOf(delimiter, at)) {
      this.onRecord(chunk, at, cut);
      at = cut + 1;
    }
    // Copied: the stream may reuse the chunk's memory once this returns.
    if (at < chunk.length) this.rest = Buffer.from(chunk.subarray(at));
  }

  /** The stream is over: a last record without its delimiter is handed over too. */
  end(): void {
    if (this.rest?.length) this.onRecord(this.rest, 0, this.rest.length);
    this.rest = undefined;
  }
}
