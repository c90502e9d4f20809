import type { ChildProcess } from "node:child_process";
import { BallastError } from "../errors.js";
import { fixes } from "../messages.js";
import { gitFailed, spawnGit } from "../git/exec.js";
import { startHeadBatch, type HeadBatch } from "./head-batch.js";
import { revisionArgs, type RevisionSet } from "./revlist.js";

/** Blobs up to this size are read through a file (see HeadBatchOptions.viaFile). */
const FILE_MAX = 64 * 1024;

/** Every blob a revision set adds, in rev-list's order: parallel arrays, one slot per blob. */
export interface StreamedBlobs {
  objects: string[];
  paths: string[];
  /** -1 for an object that is not a blob. */
  sizes: number[];
}

export interface StreamOptions {
  cwd: string;
  set: RevisionSet;
  /**
   * How many leading bytes of blob `index` to keep (0: none). A promise, so the walk and
   * the size lookup start before the config is loaded; sizes wait for it.
   */
  headBytes: Promise<(index: number, path: string, size: number) => number>;
  /** The first bytes of blob `index`, as many as `headBytes` asked for; valid during the call only. */
  onHead: (index: number, head: Buffer) => void;
  onProgress?: (blobs: number) => void;
}

export interface BlobStream {
  /** Filled as the walk and the sizes come in. */
  blobs: StreamedBlobs;
  /** Every blob's path, once the walk has ended (the heads may still be coming). */
  walked: Promise<string[]>;
  done: Promise<StreamedBlobs>;
}

/**
 * The walk, the sizes and the first bytes as one pipeline of three git processes, all
 * started at once (the way `git rev-list --objects | git cat-file --batch-check` is):
 *
 *   rev-list --objects --filter=object:type=blob   "<sha>\n" (a tip) or "<sha> <path>\n"
 *     → cat-file --batch-check --buffer            "<sha> blob <size>\n" per blob, in order
 *     → cat-file --batch --buffer                  "<sha> blob <size>\n<content>\n" for the
 *                                                  blobs `headBytes` wants, of which only
 *                                                  that many bytes are kept (head-batch.ts:
 *                                                  through a file for small blobs)
 *
 * Each blob's id goes on to the next process as soon as its line is in, so the walk, the
 * sizes and the contents overlap. Paths are as listRange() documents (listBlobs' format).
 * A blob git cannot read fails the whole run: it would otherwise pass unjudged.
 */
export function streamBlobs(options: StreamOptions): BlobStream {
  const { args, input } = revisionArgs(options.set);
  const walkArgs = ["rev-list", "--objects", "--filter=object:type=blob", ...args];
  const walk = spawnGit(walkArgs, { cwd: options.cwd });
  const sizer = spawnGit(["cat-file", "--batch-check", "--buffer"], { cwd: options.cwd });
  const { onHead } = options;
  // Two readers share the small blobs, in runs of 256 (neighbours in rev-list's order are
  // often deltas of each other): inflating them is most of the work, and there are two cores.
  // The second starts with the 257th small blob: a push of a few commits pays for one.
  const smalls: HeadBatch[] = [startHeadBatch({ cwd: options.cwd, onHead, viaFile: true })];
  const small = (n: number) => (smalls[(n >> 8) & 1] ??= startHeadBatch({ cwd: options.cwd, onHead, viaFile: true }));
  let smallCount = 0;
  // Blobs too big to write out to a file (the binary rule's 8000 bytes of a 1 GB file):
  // a pipe, started only when one is wanted.
  let big: HeadBatch | undefined;
  const children = [walk, sizer];
  const blobs: StreamedBlobs = { objects: [], paths: [], sizes: [] };
  const { objects, paths, sizes } = blobs;

  let walkEnded = false;
  let sizesEnded = false;
  let sized = 0;
  let asked = 0;
  let finishing = false;
  let headBytes: ((index: number, path: string, size: number) => number) | undefined;
  let settle!: { resolve: (b: StreamedBlobs) => void; reject: (e: unknown) => void };
  let settleWalk!: { resolve: (p: string[]) => void; reject: (e: unknown) => void };
  const done = new Promise<StreamedBlobs>((resolve, reject) => (settle = { resolve, reject }));
  const walked = new Promise<string[]>((resolve, reject) => (settleWalk = { resolve, reject }));
  // The caller may await `done` alone: a failed walk is reported there too.
  walked.catch(() => {});
  let failed = false;
  const fail = (error: unknown) => {
    if (failed) return;
    failed = true;
    for (const child of children) child.kill();
    for (const small of smalls) small.kill();
    big?.kill();
    settleWalk.reject(error);
    settle.reject(error);
  };

  // 1. The walk: blob lines become slots, and their ids go straight to the sizer.
  const lines = new LineSplitter((chunk, start, end) => {
    const space = chunk.indexOf(32, start);
    // A line without a path is a tip the filter kept; it is not a blob.
    if (space < 0 || space >= end) return;
    objects.push(chunk.toString("latin1", start, space));
    paths.push(chunk.toString("utf8", space + 1, end));
  });
  let lastTick = 0;
  walk.stdout!.on("data", (chunk: Buffer) => {
    const from = objects.length;
    lines.push(chunk);
    if (objects.length > from) sizer.stdin!.write(`${objects.slice(from).join("\n")}\n`);
    if (options.onProgress && Date.now() - lastTick > 100) {
      lastTick = Date.now();
      options.onProgress(objects.length);
    }
  });

  // 2. Sizes, in the order asked; the blobs the rules want to see go on to the reader.
  // "<sha> blob <size>", or "<name> missing" (also "ambiguous") for a name git cannot read.
  const sizeLines = new LineSplitter((chunk, start, end) => {
    const index = sized++;
    const first = chunk.indexOf(32, start);
    const last = chunk.lastIndexOf(32, end - 1);
    if (first < start || first >= end || first === last) return fail(unreadable(objects[index], paths[index]));
    // Only blobs pass the filter; anything else is not judged as content.
    sizes.push(chunk.toString("latin1", first + 1, last) === "blob" ? Number(chunk.toString("latin1", last + 1, end)) : -1);
  });
  const askHeads = () => {
    if (!headBytes || failed) return;
    for (; asked < sized; asked++) {
      const size = sizes[asked]!;
      const bytes = size < 0 ? 0 : headBytes(asked, paths[asked]!, size);
      if (bytes <= 0) continue;
      if (size <= FILE_MAX) small(smallCount++).ask(asked, objects[asked]!, bytes);
      else (big ??= startHeadBatch({ cwd: options.cwd, onHead, viaFile: false })).ask(asked, objects[asked]!, bytes);
    }
    for (const small of smalls) small.flush();
    big?.flush();
    if (sizesEnded && asked === objects.length && !finishing) {
      finishing = true;
      for (const small of smalls) small.end();
      big?.end();
      Promise.all([...smalls.map((small) => small.done), big?.done]).then(() => settle.resolve(blobs), fail);
    }
  };
  sizer.stdout!.on("data", (chunk: Buffer) => {
    sizeLines.push(chunk);
    askHeads();
  });
  options.headBytes.then((fn) => {
    headBytes = fn;
    askHeads();
  }, fail);

  const watch = (child: ChildProcess, name: string[], onExit: () => void) => {
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.stdin!.on("error", () => {});
    child.on("error", (error) => fail(new BallastError("GIT_FAILED", `git ${name[0]} could not be started: ${error.message}`, { cause: error })));
    child.on("close", (code, signal) => {
      if (failed) return;
      if (code !== 0) return fail(gitFailed(name, stderr, signal ?? code));
      onExit();
    });
  };
  watch(walk, walkArgs, () => {
    lines.end();
    walkEnded = true;
    sizer.stdin!.end();
    options.onProgress?.(objects.length);
    settleWalk.resolve(paths);
  });
  watch(sizer, ["cat-file", "--batch-check"], () => {
    sizeLines.end();
    if (!walkEnded || sized !== objects.length) return fail(new BallastError("GIT_FAILED", "git cat-file answered for fewer blobs than rev-list listed"));
    sizesEnded = true;
    askHeads();
  });
  walk.stdin!.end(input);
  return { blobs, walked, done };
}

function unreadable(object: string | undefined, path: string | undefined): BallastError {
  return new BallastError("GIT_FAILED", `git cannot read the object ${object} for ${path}: the repository may be damaged`, {
    fix: fixes.damagedHistory,
  });
}

/** LF-terminated lines of a stream, handed over as (buffer, start, end) without copying the chunk. */
class LineSplitter {
  private rest: Buffer | undefined;

  constructor(private readonly onLine: (chunk: Buffer, start: number, end: number) => void) {}

  push(chunk: Buffer): void {
    let at = 0;
    if (this.rest) {
      const newline = chunk.indexOf(10);
      if (newline < 0) {
        this.rest = Buffer.concat([this.rest, chunk]);
        return;
      }
      const line = Buffer.concat([this.rest, chunk.subarray(0, newline)]);
      this.rest = undefined;
      this.onLine(line, 0, line.length);
      at = newline + 1;
    }
    for (let newline = chunk.indexOf(10, at); newline >= 0; newline = chunk.indexOf(10, at)) {
      if (newline > at) this.onLine(chunk, at, newline);
      at = newline + 1;
    }
    if (at < chunk.length) this.rest = Buffer.from(chunk.subarray(at));
  }

  end(): void {
    if (this.rest?.length) this.onLine(this.rest, 0, this.rest.length);
    this.rest = undefined;
  }
}

