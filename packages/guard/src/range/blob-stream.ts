import { BallastError } from "../errors.js";
import { fixes, gitWords } from "../messages.js";
import { startStoppedReads, STOPPED_READ_MIN, type StoppedReads } from "../git/blob-head.js";
import { gitFailed, spawnGit } from "../git/exec.js";
import { Column } from "../util/column.js";
import { startHeadBatch, type HeadBatch } from "../git/head-batch.js";
import { Splitter } from "./splitter.js";

/** Small blobs before a second reader is started (see streamBlobs). */
const SECOND_READER_AT = 8192;
/** Blobs up to this size are read through a file (see HeadBatchOptions.viaFile). */
const FILE_MAX = 64 * 1024;

export interface StreamOptions {
  cwd: string;
  /** A blob's size is in (-1: an object that is not a blob); askHead() may be called from here. */
  onSize: (slot: number, size: number) => void;
  /** The first bytes of the blob in `slot`, as many as asked for; valid during the call only. */
  onHead: (slot: number, head: Buffer) => void;
}

/** Sizes, then first bytes, of blobs handed over one by one (see streamBlobs). */
export interface BlobStream {
  /** Queue a blob: its size comes to onSize in the order added. Returns its slot. */
  add(object: string): number;
  /** Ask for the first `bytes` of a sized blob (again, if a later path needs more). */
  askHead(slot: number, bytes: number): void;
  /** Send what was queued since the last flush (one write per blob would cost more than git's work). */
  flush(): void;
  /** No more blobs: `done` settles once every size and every head asked for is in. */
  end(): void;
  /** The blob id in a slot. */
  object(slot: number): string;
  /** The size of a slot's blob, -1 for an object that is not a blob. */
  size(slot: number): number;
  done: Promise<void>;
  kill(): void;
}

/**
 * The sizes and the first bytes of blobs as a pipeline of git processes, fed as a walk
 * names the blobs (the way `git rev-list --objects | git cat-file --batch-check` is):
 *
 *   cat-file --batch-check --buffer     "<sha> blob <size>\n" per blob, in order
 *     → cat-file --batch --buffer       "<sha> blob <size>\n<content>\n" for the blobs a
 *                                       rule wants to see, of which only that many bytes
 *                                       are kept (head-batch.ts: through a file for small
 *                                       blobs); a blob over 2 MiB instead gets a `cat-file
 *                                       blob` stopped after its head (git/blob-head.ts)
 *
 * A blob's id goes to the sizer as soon as it is added and flushed, and on to a reader as
 * soon as its size is in, so the walk, the sizes and the contents overlap. A blob git
 * cannot read fails the whole run: it would otherwise pass unjudged.
 */
export function streamBlobs(options: StreamOptions): BlobStream {
  const sizer = spawnGit(["cat-file", "--batch-check", "--buffer"], { cwd: options.cwd });
  const { onHead } = options;
  // Two readers share the small blobs, in runs of 256 (neighbours in a walk's order are
  // often deltas of each other): inflating them is most of the work, and there are two cores.
  // The second starts with the 8,193rd small blob: below that, starting a process costs
  // more than it saves. The start blocks Node for ~7 ms while both cores are busy, and git's
  // reads are not what such a run waits for (medians of 31, against the 1,025th: a push of
  // 1,000 commits, ~3,900 heads, 217.9 → 211.7 ms, its receive 190.8 → 183.7 ms; scan of
  // 24.6k objects 436 → 430 ms; of 116k unchanged, 1463 vs 1450 ms).
  const smalls: HeadBatch[] = [startHeadBatch({ cwd: options.cwd, onHead, viaFile: true })];
  const small = (n: number) => (n < SECOND_READER_AT ? smalls[0]! : (smalls[(n >> 8) & 1] ??= startHeadBatch({ cwd: options.cwd, onHead, viaFile: true })));
  let smallCount = 0;
  // Blobs too big to write out to a file: a pipe, started only when one is wanted; over
  // STOPPED_READ_MIN (the binary rule's 8000 bytes of a 1 GB file) a process per blob,
  // stopped after the head, so neither git nor Node goes through the rest.
  let big: HeadBatch | undefined;
  let huge: StoppedReads | undefined;
  const objects: string[] = [];
  const sizes = new Column(true);
  let queued = 0;
  let ended = false;
  let sizesEnded = false;
  let finishing = false;
  let settle!: { resolve: () => void; reject: (e: unknown) => void };
  const done = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  done.catch(() => {});
  let failed = false;
  const fail = (error: unknown) => {
    if (failed) return;
    failed = true;
    sizer.kill();
    for (const small of smalls) small.kill();
    big?.kill();
    huge?.kill();
    settle.reject(error);
  };

  // "<sha> blob <size>", or "<name> missing" (also "ambiguous") for a name git cannot read.
  const sizeLines = new Splitter(10, (text, _buf, start, end) => {
    if (start === end) return;
    const slot = sizes.length;
    const first = text.indexOf(" ", start);
    const last = text.lastIndexOf(" ", end - 1);
    if (first < start || first >= end || first === last) return fail(unreadable(objects[slot]));
    const size = last - first === 5 && text.startsWith("blob", first + 1) ? Number(text.slice(last + 1, end)) : -1;
    sizes.push(size);
    options.onSize(slot, size);
  });
  const flushHeads = () => {
    for (const small of smalls) small.flush();
    big?.flush();
  };
  const finish = () => {
    if (finishing || failed || !sizesEnded) return;
    finishing = true;
    for (const small of smalls) small.end();
    big?.end();
    huge?.end();
    Promise.all([...smalls.map((small) => small.done), big?.done, huge?.done]).then(() => settle.resolve(), fail);
  };
  sizer.stdout!.on("data", (chunk: Buffer) => {
    sizeLines.push(chunk);
    flushHeads();
  });
  let stderr = "";
  sizer.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  sizer.stdin!.on("error", () => {});
  sizer.on("error", (error) => fail(new BallastError("GIT_FAILED", gitWords.notStarted(error.message, "cat-file"), { cause: error })));
  sizer.on("close", (code, signal) => {
    if (failed) return;
    if (code !== 0) return fail(gitFailed(["cat-file", "--batch-check"], stderr, signal ?? code));
    sizeLines.end();
    if (sizes.length !== objects.length) return fail(new BallastError("GIT_FAILED", gitWords.fewerAnswers));
    sizesEnded = true;
    flushHeads();
    finish();
  });

  return {
    add(object) {
      objects.push(object);
      return objects.length - 1;
    },
    askHead(slot, bytes) {
      if (failed || bytes <= 0) return;
      if (finishing) throw new Error("a head was asked for after the blob stream ended");
      const size = sizes.get(slot);
      if (size <= FILE_MAX) small(smallCount++).ask(slot, objects[slot]!, bytes);
      else if (size <= STOPPED_READ_MIN) (big ??= startHeadBatch({ cwd: options.cwd, onHead, viaFile: false })).ask(slot, objects[slot]!, bytes);
      else (huge ??= startStoppedReads({ cwd: options.cwd, onHead })).ask(slot, objects[slot]!, bytes);
    },
    flush() {
      if (failed || queued === objects.length) return;
      sizer.stdin!.write(`${objects.slice(queued).join("\n")}\n`);
      queued = objects.length;
      flushHeads();
    },
    end() {
      if (ended) return;
      ended = true;
      this.flush();
      sizer.stdin!.end();
    },
    object: (slot) => objects[slot]!,
    size: (slot) => sizes.get(slot),
    done,
    kill: () => fail(new BallastError("GIT_FAILED", gitWords.stopped)),
  };
}

function unreadable(object: string | undefined): BallastError {
  return new BallastError("GIT_FAILED", gitWords.unreadable(object), { fix: fixes.damagedHistory });
}
