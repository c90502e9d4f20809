import { BallastError } from "../errors.js";
import { gitWords } from "../messages.js";
import { BATCH_COMMAND_ARGS } from "./args.js";
import { startStoppedReads, STOPPED_READ_MIN, type StoppedReads } from "./blob-head.js";
import { git, gitFailed, spawnGit } from "./exec.js";
import { parseBatchCheck, type ObjectInfo } from "./parse.js";
import { BatchReader } from "./batch-reader.js";
import { startHeadBatch, type HeadBatch } from "./head-batch.js";

// git/head-batch.ts reads its batches with the same reader.
export { BatchReader, type Expected } from "./batch-reader.js";

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
    child.on("error", (error) => reject(new BallastError("GIT_FAILED", gitWords.notStarted(error.message, "cat-file"), { cause: error })));
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

/** Heads wanted past this many are read by two processes through files (objectInfoThenHeads). */
const MANY_HEADS = 1024;

/** The heads of `order` (blobs up to STOPPED_READ_MIN), half each by two `cat-file --batch` through files. */
function readHeadsViaFiles(cwd: string, order: string[], wanted: Map<string, number>, onHead: HeadListener): HeadBatch[] {
  const half = order.length >> 1;
  const parts = [order.slice(0, half), order.slice(half)];
  return parts.map((part) => {
    const batch = startHeadBatch({ cwd, onHead: (i, head) => onHead(part[i]!, head), viaFile: true });
    part.forEach((object, i) => batch.ask(i, object, wanted.get(object) ?? 0));
    batch.end();
    batch.done.catch(() => {});
    return batch;
  });
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
    let files: HeadBatch[] = [];
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      child.kill();
      big?.kill();
      for (const f of files) f.kill();
      reject(error);
    };

    // Big blobs are not asked for `contents` (git would send every byte): stopped reads.
    const askContents = async () => {
      try {
        const split = splitRequests(await pick(info), (r) => info.get(r.object)?.size);
        big = readStopped(cwd, split.stopped, onHead ?? ((object, head) => heads.set(object, head)));
        for (const [object, bytes] of split.wanted) wanted.set(object, bytes);
        order = [...wanted.keys()].filter((object) => info.has(object));
        if (order.length >= MANY_HEADS) {
          // Thousands of heads (a commit of many files): two `cat-file --batch` writing to
          // files (git/head-batch.ts), not this process's pipe: through a pipe, git waits
          // on Node for every 64 kB and takes ~2× as long; two of them use both cores.
          files = readHeadsViaFiles(cwd, order, wanted, onHead ?? ((object, head) => heads.set(object, Buffer.from(head))));
          order = [];
        }
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
    child.on("error", (error) => fail(new BallastError("GIT_FAILED", gitWords.notStarted(error.message, "cat-file"), { cause: error })));
    child.on("close", (code, signal) => {
      if (failed) return;
      if (code === 0 && infoLeft === 0) {
        Promise.all([big?.done, ...files.map((f) => f.done)]).then(() => resolve({ info, heads }), fail);
      }
      else if (code === 129 && /batch-command/.test(stderr)) fail(new BatchCommandUnsupported());
      else fail(gitFailed(["cat-file"], stderr, signal ?? code));
    });
    child.stdin!.on("error", () => {});
    child.stdin!.write(`${objects.map((o) => `info ${o}`).join("\n")}\nflush\n`);
  });
}
