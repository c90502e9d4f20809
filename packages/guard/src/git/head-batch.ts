import { spawn, type ChildProcess } from "node:child_process";
import { close, closeSync, mkdtempSync, openSync, readSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { BallastError } from "../errors.js";
import { fixes, gitWords } from "../messages.js";
import { BatchReader } from "./batch-reader.js";
import { gitFailed, spawnGit } from "./exec.js";
import { gitCommand } from "./spawn.js";

/** One `git cat-file --batch` that keeps the first bytes of each blob asked for. */
export interface HeadBatch {
  /** Ask for the first `limit` bytes of `object`; `onHead(index, head)` gets them (valid during the call only). */
  ask(index: number, object: string, limit: number): void;
  /** Send what was asked since the last flush (one write per blob would cost more than git's work). */
  flush(): void;
  /** No more asks: git finishes, and `done` settles once every answer is read. */
  end(): void;
  done: Promise<void>;
  kill(): void;
}

export interface HeadBatchOptions {
  cwd: string;
  onHead: (index: number, head: Buffer) => void;
  /**
   * git writes to a temporary file that is read as it grows, not to a pipe: on the small
   * VMs ballast runs on, 180 MB of small blobs take git ~2 s to write to a file and ~4 s
   * through a pipe (a wake-up of the reader for every 4 kB git writes). Meant for small
   * blobs only: a big one would be written out whole.
   */
  viaFile: boolean;
}

/**
 * `cat-file --batch --buffer`, answered in the order asked:
 *   in:  "<sha>\n"
 *   out: "<sha> blob <size>\n<size bytes>\n" ("<sha> missing\n" for an unknown object)
 * An object git cannot read fails `done`: a blob asked for must be judged.
 */
export function startHeadBatch(options: HeadBatchOptions): HeadBatch {
  const indexes: number[] = [];
  const limits: number[] = [];
  let answered = 0;
  let failure: unknown;
  const reader = new BatchReader((header) => {
    const at = answered++;
    const index = indexes[at];
    const size = Number(header.slice(header.lastIndexOf(" ") + 1));
    if (index === undefined || !/^\S+ blob \d+$/.test(header) || !Number.isFinite(size)) {
      failure ??= new BallastError("GIT_FAILED", gitWords.unreadableBlob(header), {
        fix: fixes.damagedHistory,
      });
      return undefined;
    }
    return { object: String(index), size, limit: limits[at]! };
  }, (index, head) => options.onHead(Number(index), head), true);
  const transport = options.viaFile ? fileTransport(options.cwd, (chunk) => reader.push(chunk)) : pipeTransport(options.cwd, (chunk) => reader.push(chunk));
  const pending: string[] = [];
  const done = transport.done.then(() => {
    if (failure) throw failure;
    if (answered !== indexes.length) throw new BallastError("GIT_FAILED", gitWords.stoppedEarly);
  });
  done.catch(() => {});
  return {
    ask(index, object, limit) {
      indexes.push(index);
      limits.push(limit);
      pending.push(object);
    },
    flush,
    end() {
      flush();
      transport.child.stdin!.end();
    },
    done,
    kill: () => transport.child.kill(),
  };

  function flush() {
    if (pending.length === 0) return;
    transport.child.stdin!.write(`${pending.join("\n")}\n`);
    pending.length = 0;
  }
}

interface Transport {
  child: ChildProcess;
  /** Every byte of output handed over and git exited with 0. */
  done: Promise<void>;
}

const ARGS = ["cat-file", "--batch", "--buffer"];
/** One read of git's output file, and how much is read before other work has a turn. */
const READ_STEP = 1 << 20;
const READ_BATCH = 4 << 20;
/** Less than this read at once: wait a moment for git to write more. */
const READ_WAIT_UNDER = 256 << 10;

function pipeTransport(cwd: string, onChunk: (chunk: Buffer) => void): Transport {
  const child = spawnGit(ARGS, { cwd });
  child.stdout!.on("data", onChunk);
  return { child, done: exited(child) };
}

/**
 * git's stdout is a temporary file (unlinked at once where the system allows, so nothing
 * is left behind); Node reads it from a second descriptor in 1 MB steps as it grows, and
 * to the end once git has exited.
 */
function fileTransport(cwd: string, onChunk: (chunk: Buffer) => void): Transport {
  const dir = mkdtempSync(path.join(tmpdir(), "ballast-heads-"));
  const file = path.join(dir, "batch");
  const out = openSync(file, "w");
  let child: ChildProcess;
  try {
    // Not spawnGit: its stdout is always a pipe. Same git, same environment, no shell.
    const { binary, env } = gitCommand();
    child = spawn(binary, ARGS, { cwd, env, stdio: ["pipe", out, "pipe"], windowsHide: true });
  } finally {
    closeSync(out);
  }
  const status = exited(child);
  let ended = false;
  status.then(
    () => (ended = true),
    () => (ended = true),
  );
  const done = (async () => {
    const fd = openSync(file, "r");
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // Windows cannot remove an open file: removed below instead.
    }
    try {
      const buffer = Buffer.allocUnsafe(READ_STEP);
      let position = 0;
      for (;;) {
        const over = ended;
        // Synchronous reads of a file git is writing (the page cache: a copy, no waiting).
        // Through the thread pool, each read cost a hand-over to a thread and back, and
        // came back with what git had written meanwhile, ~5 kB: 32,000 of them for the
        // 180 MB a scan of 116k objects reads.
        let got = 0;
        while (got < READ_BATCH) {
          const n = readSync(fd, buffer, 0, buffer.length, position);
          if (n === 0) break;
          position += n;
          got += n;
          onChunk(buffer.subarray(0, n));
        }
        if (over && got === 0) break;
        // Little was there: let git write more (or exit) before reading again; a full batch:
        // let the walk and the sizes have their turn, then go on.
        if (got >= READ_WAIT_UNDER) await new Promise((resolve) => setImmediate(resolve));
        else if (!over) await Promise.race([status.catch(() => {}), new Promise((resolve) => setTimeout(resolve, got > 0 ? 2 : 4))]);
      }
      await status;
    } finally {
      // Closed on a thread of the pool, not here: the last close of an unlinked file frees
      // its pages (90 MB for half the heads of a 116k-object scan: ~30 ms), which the rest
      // of the run need not wait for.
      close(fd, () => {
        try {
          rmSync(dir, { recursive: true, force: true });
        } catch {
          // Gone already (unlinked when opened), or held by someone else: nothing of ballast's.
        }
      });
    }
  })();
  return { child, done };
}

function exited(child: ChildProcess): Promise<void> {
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  child.stdin!.on("error", () => {});
  return new Promise((resolve, reject) => {
    child.on("error", (error) => reject(new BallastError("GIT_FAILED", gitWords.notStarted(error.message, "cat-file"), { cause: error })));
    child.on("close", (code, signal) => (code === 0 ? resolve() : reject(gitFailed(ARGS, stderr, signal ?? code))));
  });
}
