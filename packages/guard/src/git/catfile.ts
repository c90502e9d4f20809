import { BallastError } from "../errors.js";
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
  /** How many leading bytes to keep; the rest is read and dropped, never held in memory. */
  bytes: number;
}

/**
 * The first bytes of many blobs with one `git cat-file --batch`. Output per object:
 *   "<sha> blob <size>\n<size bytes of content>\n"
 * Only `bytes` of each are kept, so memory stays small whatever the blob sizes.
 */
export function objectHeads(cwd: string, requests: HeadRequest[]): Promise<Map<string, Buffer>> {
  const heads = new Map<string, Buffer>();
  if (requests.length === 0) return Promise.resolve(heads);
  const wanted = new Map<string, number>();
  for (const r of requests) wanted.set(r.object, Math.max(r.bytes, wanted.get(r.object) ?? 0));
  const order = [...wanted.keys()];

  return new Promise((resolve, reject) => {
    const child = spawnGit(["cat-file", "--batch", "--buffer"], { cwd });
    let pending: Buffer = Buffer.alloc(0);
    let current: { object: string; remaining: number; keep: Buffer[]; kept: number; limit: number } | undefined;
    let stderr = "";
    let index = 0;

    child.stdout!.on("data", (chunk: Buffer) => {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      while (pending.length > 0) {
        if (!current) {
          const newline = pending.indexOf(10);
          if (newline < 0) return;
          const header = pending.subarray(0, newline).toString("utf8");
          pending = pending.subarray(newline + 1);
          const [object, type, size] = header.split(" ");
          const requested = order[index++]!;
          if (type === "missing" || size === undefined) continue;
          // +1 for the LF git writes after each object's content.
          current = { object: object ?? requested, remaining: Number(size) + 1, keep: [], kept: 0, limit: wanted.get(requested) ?? 0 };
        }
        const take = Math.min(current.remaining, pending.length);
        const room = Math.max(0, Math.min(take, current.limit - current.kept, current.remaining - 1));
        if (room > 0) {
          current.keep.push(Buffer.from(pending.subarray(0, room)));
          current.kept += room;
        }
        pending = pending.subarray(take);
        current.remaining -= take;
        if (current.remaining === 0) {
          heads.set(current.object, Buffer.concat(current.keep));
          current = undefined;
        }
      }
    });
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.on("error", (error) => reject(new BallastError("GIT_FAILED", `git cat-file could not be started: ${error.message}`, { cause: error })));
    child.on("close", (code, signal) => {
      if (code === 0) resolve(heads);
      else reject(gitFailed(["cat-file"], stderr, signal ?? code));
    });
    child.stdin!.on("error", () => {});
    child.stdin!.end(`${order.join("\n")}\n`);
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
): Promise<InfoAndHeads> {
  const unique = [...new Set(objects)];
  if (unique.length === 0) return { info: new Map(), heads: await objectHeads(cwd, await pick(new Map())) };
  try {
    return await batchCommand(cwd, unique, pick);
  } catch (error) {
    if (!(error instanceof BatchCommandUnsupported)) throw error;
    const info = await objectInfo(cwd, unique);
    return { info, heads: await objectHeads(cwd, await pick(info)) };
  }
}

class BatchCommandUnsupported extends Error {}

function batchCommand(
  cwd: string,
  objects: string[],
  pick: (info: Map<string, ObjectInfo>) => HeadRequest[] | Promise<HeadRequest[]>,
): Promise<InfoAndHeads> {
  const info = new Map<string, ObjectInfo>();
  const heads = new Map<string, Buffer>();
  return new Promise((resolve, reject) => {
    const child = spawnGit(["cat-file", "--batch-command", "--buffer"], { cwd });
    let pending: Buffer = Buffer.alloc(0);
    let infoLeft = objects.length;
    let order: string[] = [];
    let wanted = new Map<string, number>();
    let index = 0;
    let current: { object: string; remaining: number; keep: Buffer[]; kept: number; limit: number } | undefined;
    let stderr = "";
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      child.kill();
      reject(error);
    };

    const askContents = async () => {
      try {
        const requests = await pick(info);
        for (const r of requests) wanted.set(r.object, Math.max(r.bytes, wanted.get(r.object) ?? 0));
        order = [...wanted.keys()].filter((object) => info.has(object));
        child.stdin!.end(order.length ? `${order.map((o) => `contents ${o}`).join("\n")}\nflush\n` : "");
      } catch (error) {
        fail(error);
      }
    };

    child.stdout!.on("data", (chunk: Buffer) => {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      while (pending.length > 0) {
        if (infoLeft > 0) {
          const newline = pending.indexOf(10);
          if (newline < 0) return;
          const [object, type, size] = pending.subarray(0, newline).toString("utf8").split(" ");
          pending = pending.subarray(newline + 1);
          if (object && type && type !== "missing" && size !== undefined) info.set(object, { object, type, size: Number(size) });
          if (--infoLeft === 0) void askContents();
          continue;
        }
        if (!current) {
          const newline = pending.indexOf(10);
          if (newline < 0) return;
          const [object, type, size] = pending.subarray(0, newline).toString("utf8").split(" ");
          pending = pending.subarray(newline + 1);
          const requested = order[index++]!;
          if (type === "missing" || size === undefined) continue;
          // +1 for the LF git writes after each object's content.
          current = { object: object ?? requested, remaining: Number(size) + 1, keep: [], kept: 0, limit: wanted.get(requested) ?? 0 };
        }
        const take = Math.min(current.remaining, pending.length);
        const room = Math.max(0, Math.min(take, current.limit - current.kept, current.remaining - 1));
        if (room > 0) {
          current.keep.push(Buffer.from(pending.subarray(0, room)));
          current.kept += room;
        }
        pending = pending.subarray(take);
        current.remaining -= take;
        if (current.remaining === 0) {
          heads.set(current.object, Buffer.concat(current.keep));
          current = undefined;
        }
      }
    });
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.on("error", (error) => fail(new BallastError("GIT_FAILED", `git cat-file could not be started: ${error.message}`, { cause: error })));
    child.on("close", (code, signal) => {
      if (failed) return;
      if (code === 0 && infoLeft === 0) resolve({ info, heads });
      else if (code === 129 && /batch-command/.test(stderr)) fail(new BatchCommandUnsupported());
      else fail(gitFailed(["cat-file"], stderr, signal ?? code));
    });
    child.stdin!.on("error", () => {});
    child.stdin!.write(`${objects.map((o) => `info ${o}`).join("\n")}\nflush\n`);
  });
}
