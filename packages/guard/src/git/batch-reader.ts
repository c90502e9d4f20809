/**
 * The reader of `git cat-file --batch` output shared by every head read: it keeps the
 * first bytes of each object and drops the rest as it streams past.
 */

export interface Expected {
  object: string;
  size: number;
  /** Bytes of the content to keep. */
  limit: number;
}

/**
 * cat-file's output, read as it streams in: header lines, each optionally followed by
 * `size` bytes of content and an LF, of which only the first `limit` bytes are kept
 * (copied into one buffer per object: no per-chunk slices or concatenations, which cost
 * more than git itself on thousands of small blobs). `onHeader` says whether content
 * follows. A `transient` reader hands each head over as soon as it is complete and keeps
 * nothing: a view of git's output when the head lies in one chunk (no copy at all), else
 * one reused scratch buffer.
 */
export class BatchReader {
  private partial = "";
  private current: { object: string; remaining: number; head: Buffer; kept: number; delivered: boolean } | undefined;
  private scratch = Buffer.alloc(0);

  constructor(
    private readonly onHeader: (line: string) => Expected | undefined,
    private readonly onContent: (object: string, head: Buffer) => void,
    private readonly transient = false,
  ) {}

  push(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      const c = this.current;
      if (c) {
        const take = Math.min(c.remaining, chunk.length - at);
        const room = Math.min(take, c.head.length - c.kept);
        if (room > 0) {
          chunk.copy(c.head, c.kept, at, at + room);
          c.kept += room;
        }
        at += take;
        c.remaining -= take;
        if (!c.delivered && c.kept === c.head.length && (this.transient || c.remaining === 0)) {
          c.delivered = true;
          this.onContent(c.object, c.head);
        }
        if (c.remaining === 0) this.current = undefined;
        continue;
      }
      const newline = chunk.indexOf(10, at);
      if (newline < 0) {
        this.partial += chunk.toString("latin1", at);
        return;
      }
      const line = this.partial + chunk.toString("latin1", at, newline);
      this.partial = "";
      at = newline + 1;
      const expected = this.onHeader(line);
      if (!expected) continue;
      const limit = Math.max(0, Math.min(expected.limit, expected.size));
      // +1 for the LF git writes after each object's content.
      const remaining = expected.size + 1;
      if (this.transient && at + limit <= chunk.length) {
        this.onContent(expected.object, chunk.subarray(at, at + limit));
        this.current = { object: expected.object, remaining, head: EMPTY, kept: 0, delivered: true };
      } else {
        const head = this.transient ? this.scratchOf(limit) : this.allocate(limit);
        this.current = { object: expected.object, remaining, head, kept: 0, delivered: false };
      }
    }
  }

  private scratchOf(size: number): Buffer {
    if (this.scratch.length < size) this.scratch = Buffer.allocUnsafe(size);
    return this.scratch.subarray(0, size);
  }

  private slab = Buffer.alloc(0);
  private used = 0;

  /**
   * Heads are carved out of 1 MB slabs, as Node's own pool does for buffers under 4 kB:
   * thousands of separate 8 kB allocations cost more than the copies into them. Every
   * head is kept until the run ends anyway, so a slab frees nothing later than they would.
   */
  private allocate(size: number): Buffer {
    if (size > SLAB_SIZE / 8) return Buffer.allocUnsafe(size);
    if (this.used + size > this.slab.length) {
      this.slab = Buffer.allocUnsafe(SLAB_SIZE);
      this.used = 0;
    }
    const head = this.slab.subarray(this.used, this.used + size);
    this.used += size;
    return head;
  }
}

const EMPTY = Buffer.alloc(0);
const SLAB_SIZE = 1 << 20;
