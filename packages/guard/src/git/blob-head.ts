import type { ChildProcess } from "node:child_process";
import { BallastError } from "../errors.js";
import { gitWords } from "../messages.js";
import { gitFailed, spawnGit } from "./exec.js";

/**
 * Blobs over this size are read by a `git cat-file blob` of their own, stopped once their
 * head has arrived, instead of through a `cat-file --batch`, which must send every byte.
 * Measured on a 2-core VM (CPU time of `scan --all`, ballast and git together): 100 blobs
 * of 1.5 MB cost 0.38 s streamed and 0.43 s stopped; of 3 MB, 0.59 s and 0.43 s; of 6 MB,
 * 1.0 s and 0.42 s. A stopped read costs the same at any size: a 4 GB model costs what a
 * 3 MB file does.
 */
export const STOPPED_READ_MIN = 2 << 20;

/**
 * git inflates a packed blob under core.bigFileThreshold (512 MiB by default) whole, in
 * memory, before it writes a byte: a 60 MB blob after `git gc` would cost 60 MB and the
 * time to inflate it. With the threshold at our own, git streams every blob read here
 * (loose ones always stream), so stopping it after the head saves git's work too. A blob
 * stored as a delta is still rebuilt whole: git cannot stream one.
 */
const ARGS = ["-c", `core.bigFileThreshold=${STOPPED_READ_MIN}`, "cat-file", "blob"];

/** At most this many readers at once: one per core of the small machines hooks run on. */
const PARALLEL = 2;

/** The same shape as git/head-batch.ts's HeadBatch, so a caller can use either. */
export interface StoppedReads {
  /** Ask for the first `limit` bytes of `object`; `onHead(index, head)` gets them (a buffer of its own). */
  ask(index: number, object: string, limit: number): void;
  flush(): void;
  /** No more asks: `done` settles once every head asked for has been handed over. */
  end(): void;
  done: Promise<void>;
  kill(): void;
}

/**
 * Heads of big blobs, each read by `git cat-file blob <sha>` that is stopped (its pipe
 * closed, the process killed) as soon as `limit` bytes are in: memory and time do not
 * grow with the blob's size, in Node or in git. A blob git cannot read fails `done`.
 */
export function startStoppedReads(options: { cwd: string; onHead: (index: number, head: Buffer) => void }): StoppedReads {
  const queue: Array<{ index: number; object: string; limit: number }> = [];
  const running = new Set<ChildProcess>();
  let ended = false;
  let failed = false;
  let settle!: { resolve: () => void; reject: (e: unknown) => void };
  const done = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  done.catch(() => {});

  const fail = (error: unknown) => {
    if (failed) return;
    failed = true;
    for (const child of running) child.kill();
    settle.reject(error);
  };
  const pump = () => {
    while (!failed && running.size < PARALLEL && queue.length) {
      const { index, object, limit } = queue.shift()!;
      const child = readHead(options.cwd, object, limit, (head) => options.onHead(index, head), (error) => {
        running.delete(child);
        if (error) fail(error);
        else pump();
      });
      running.add(child);
    }
    if (!failed && ended && running.size === 0 && queue.length === 0) settle.resolve();
  };
  return {
    ask(index, object, limit) {
      queue.push({ index, object, limit });
      pump();
    },
    flush: () => {},
    end() {
      ended = true;
      pump();
    },
    done,
    kill() {
      failed = true;
      for (const child of running) child.kill();
    },
  };
}

/** One blob's first `limit` bytes (fewer if the blob is shorter); `finished` runs once, after `onHead`. */
function readHead(cwd: string, object: string, limit: number, onHead: (head: Buffer) => void, finished: (error?: unknown) => void): ChildProcess {
  const child = spawnGit([...ARGS, object], { cwd });
  const head = Buffer.allocUnsafe(limit);
  let kept = 0;
  let over = false;
  let stderr = "";
  const finish = (error?: unknown) => {
    if (over) return;
    over = true;
    finished(error);
  };
  const deliver = () => {
    try {
      onHead(head.subarray(0, kept));
      finish();
    } catch (error) {
      finish(error);
    }
  };
  child.stdin!.on("error", () => {});
  child.stdin!.end();
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  child.stdout!.on("data", (chunk: Buffer) => {
    if (over) return;
    kept += chunk.copy(head, kept, 0, Math.min(chunk.length, limit - kept));
    if (kept < limit) return;
    // The rest is not wanted: git stops at its next write (EPIPE), or at the signal.
    child.stdout!.destroy();
    child.kill();
    deliver();
  });
  child.on("error", (error) => finish(new BallastError("GIT_FAILED", gitWords.notStarted(error.message, "cat-file"), { cause: error })));
  child.on("close", (code, signal) => {
    if (over) return;
    // git sent the whole blob, shorter than the head asked for: that is the head.
    if (code === 0) deliver();
    else finish(gitFailed(["cat-file", "blob", object], stderr, signal ?? code));
  });
  return child;
}
