import { BallastError } from "../errors.js";
import { BATCH_COMMAND_ARGS } from "./args.js";
import { startStoppedReads, STOPPED_READ_MIN, type StoppedReads } from "./blob-head.js";
import { git, gitFailed, spawnGit } from "./exec.js";
import { parseBatchCheck, type ObjectInfo } from "./parse.js";

/** Object ids to type and size, with one `git cat-file --batch-check` for all of them. */
export async function objectInfo(cwd: string, objects: Iterable<string>): Promise<Map<string, ObjectInfo>> {
  const unique = [...new Set(objects)];
  if (unique.length === 0) return new Map();
  const { stdout } = await git(["cat-file", "--batch-check", "--buffer"], { cwd, input: `${unique.join("\n")}\n` });
  return parseBatchCheck(stdout);
}

export interface HeadRequest {
  object: string;
  /** How many leading bytes to keep; the rest is never held in memory. */
  bytes: number;
  /** The blob's size, when known: a big blob's head is read without reading the rest (blob-head.ts). */
  size?: number;
}

/**
 * The first bytes of many blobs with one `git cat-file --batch`. Output per object:
 *   "<sha> blob <size>\n<size bytes of content>\n"
 * Only `bytes` of each are kept, so memory stays small whatever the blob sizes; a blob
 * whose request gives a size over STOPPED_READ_MIN is not sent through the batch at all
 * but read by a process stopped after its head (blob-head.ts), so time stays small too.
 */
export function objectHeads(cwd: string, requests: HeadRequest[], onHead?: HeadListener): Promise<Map<string, Buffer>> {
  const heads = new Map<string, Buffer>();
  const listener = onHead ?? ((object: string, head: Buffer) => heads.set(object, head));
  const { wanted, stopped } = splitRequests(requests, (r) => r.size);
  const big = readStopped(cwd, stopped, listener);
  if (wanted.size === 0) return big.done.then(() => heads);
  const order = [...wanted.keys()];
  let index = 0;

  const batch = new Promise<void>((resolve, reject) => {
    const child = spawnGit(["cat-file", "--batch", "--buffer"], { cwd });
    const reader = new BatchReader((line) => {
      const requested = order[index++]!;
      const [object, type, size] = line.split(" ");
      if (type === "missing" || size === undefined) return undefined;
      return { object: object ?? requested, size: Number(size), limit: wanted.get(requested) ?? 0 };
    }, listener, Boolean(onHead));
    let stderr = "";
    child.stdout!.on("data", (chunk: Buffer) => reader.push(chunk));
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.on("error", (error) => reject(new BallastError("GIT_FAILED", `git cat-file could not be started: ${error.message}`, { cause: error })));
    child.on("close", (code, signal) => {
      if (code === 0) resolve();
      else reject(gitFailed(["cat-file"], stderr, signal ?? code));
    });
    child.stdin!.on("error", () => {});
    child.stdin!.end(`${order.join("\n")}\n`);
  });
  return Promise.all([batch, big.done]).then(
    () => heads,
    (error: unknown) => {
      big.kill();
      throw error;
    },
  );
}

/**
 * Requests merged by object (the most bytes wins), then split by size: `wanted` go
 * through a batch, `stopped` (object, bytes) are blobs over STOPPED_READ_MIN.
 */
function splitRequests(requests: HeadRequest[], sizeOf: (r: HeadRequest) => number | undefined): { wanted: Map<string, number>; stopped: Array<[string, number]> } {
  const merged = new Map<string, number>();
  const big = new Set<string>();
  for (const r of requests) {
    merged.set(r.object, Math.max(r.bytes, merged.get(r.object) ?? 0));
    if ((sizeOf(r) ?? 0) > STOPPED_READ_MIN) big.add(r.object);
  }
  const wanted = new Map<string, number>();
  const stopped: Array<[string, number]> = [];
  for (const [object, bytes] of merged) {
    if (big.has(object)) stopped.push([object, bytes]);
    else wanted.set(object, bytes);
  }
  return { wanted, stopped };
}

/** Stopped reads of `stopped`, handed to `listener` by object. */
function readStopped(cwd: string, stopped: Array<[string, number]>, listener: HeadListener): StoppedReads {
  const reads = startStoppedReads({ cwd, onHead: (index, head) => listener(stopped[index]![0], head) });
  for (let i = 0; i < stopped.length; i++) reads.ask(i, stopped[i]![0], stopped[i]![1]);
  reads.end();
  return reads;
}

export interface InfoAndHeads {
  info: Map<string, ObjectInfo>;
  heads: Map<string, Buffer>;
}

/**
 * Sizes of all `objects`, then the first bytes of those `pick` asks for, with one
 * `git cat-file --batch-command --buffer` (git 2.36+) instead of two processes; `pick`
 * may wait for other work (the attribute lookup) while the process is already running.
 *   in:  "info <sha>\n"… "flush\n", then "contents <sha>\n"… "flush\n"
 *   out: "<sha> <type> <size>\n" per info ("<sha> missing\n" if unknown), then per
 *        contents "<sha> <type> <size>\n<size bytes>\n"
 * On an older git it falls back to objectInfo() and objectHeads().
 */
export async function objectInfoThenHeads(
  cwd: string,
  objects: Iterable<string>,
  pick: (info: Map<string, ObjectInfo>) => HeadRequest[] | Promise<HeadRequest[]>,
  onHead?: HeadListener,
): Promise<InfoAndHeads> {
  const unique = [...new Set(objects)];
  if (unique.length === 0) return { info: new Map(), heads: await objectHeads(cwd, await pick(new Map()), onHead) };
  try {
    return await batchCommand(cwd, unique, pick, onHead);
  } catch (error) {
    if (!(error instanceof BatchCommandUnsupported)) throw error;
    const info = await objectInfo(cwd, unique);
    return { info, heads: await objectHeads(cwd, await pick(info), onHead) };
  }
}

/**
 * Called with each blob's head as soon as it has arrived, instead of collecting heads in
 * the returned map (which then stays empty): `head` is a view of git's output, valid only
 * during the call. Nothing is copied or kept, whatever the number of blobs.
 */
export type HeadListener = (object: string, head: Buffer) => void;

class BatchCommandUnsupported extends Error {}

function batchCommand(
  cwd: string,
  objects: string[],
  pick: (info: Map<string, ObjectInfo>) => HeadRequest[] | Promise<HeadRequest[]>,
  onHead: HeadListener | undefined,
): Promise<InfoAndHeads> {
  const info = new Map<string, ObjectInfo>();
  const heads = new Map<string, Buffer>();
  return new Promise((resolve, reject) => {
    const child = spawnGit(BATCH_COMMAND_ARGS, { cwd });
    let infoLeft = objects.length;
    let order: string[] = [];
    const wanted = new Map<string, number>();
    let index = 0;
    let stderr = "";
    let failed = false;
    let big: StoppedReads | undefined;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      child.kill();
      big?.kill();
      reject(error);
    };

    // Big blobs are not asked for `contents` (git would send every byte): stopped reads.
    const askContents = async () => {
      try {
        const split = splitRequests(await pick(info), (r) => info.get(r.object)?.size);
        big = readStopped(cwd, split.stopped, onHead ?? ((object, head) => heads.set(object, head)));
        for (const [object, bytes] of split.wanted) wanted.set(object, bytes);
        order = [...wanted.keys()].filter((object) => info.has(object));
        child.stdin!.end(order.length ? `${order.map((o) => `contents ${o}`).join("\n")}\nflush\n` : "");
      } catch (error) {
        fail(error);
      }
    };

    const reader = new BatchReader((line) => {
      const [object, type, size] = line.split(" ");
      if (infoLeft > 0) {
        if (object && type && type !== "missing" && size !== undefined) info.set(object, { object, type, size: Number(size) });
        if (--infoLeft === 0) void askContents();
        return undefined;
      }
      const requested = order[index++]!;
      if (type === "missing" || size === undefined) return undefined;
      return { object: object ?? requested, size: Number(size), limit: wanted.get(requested) ?? 0 };
    }, onHead ?? ((object, head) => heads.set(object, head)), Boolean(onHead));

    child.stdout!.on("data", (chunk: Buffer) => reader.push(chunk));
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.on("error", (error) => fail(new BallastError("GIT_FAILED", `git cat-file could not be started: ${error.message}`, { cause: error })));
    child.on("close", (code, signal) => {
      if (failed) return;
      if (code === 0 && infoLeft === 0) (big?.done ?? Promise.resolve()).then(() => resolve({ info, heads }), fail);
      else if (code === 129 && /batch-command/.test(stderr)) fail(new BatchCommandUnsupported());
      else fail(gitFailed(["cat-file"], stderr, signal ?? code));
    });
    child.stdin!.on("error", () => {});
    child.stdin!.write(`${objects.map((o) => `info ${o}`).join("\n")}\nflush\n`);
  });
}

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
