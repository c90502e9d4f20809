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
