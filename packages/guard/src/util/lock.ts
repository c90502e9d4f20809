import { link, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { BallastError } from "../errors.js";
import { fileWords } from "../messages.js";

/**
 * A lock file for read-modify-write steps that git's own index.lock does not cover (a
 * stow reads .gitignore and the staged .gitignore, then writes both: two stows at once
 * would lose one's line). Created with O_EXCL, holding the owner's pid; a lock whose
 * owner is gone (`kill -9`) is taken over, so an interrupted run never blocks the next.
 * The pid is written to a private file first and hard-linked into place, so the lock
 * never exists without its owner's pid (a kill between create and write would leave an
 * empty lock that nobody can prove stale).
 */
let calls = 0;

export async function withLock<T>(file: string, run: () => Promise<T>, options: { waitMs?: number } = {}): Promise<T> {
  const waitMs = options.waitMs ?? 30_000;
  const started = Date.now();
  // Per call, not per process: two withLock calls of one process must not share it.
  const mine = `${file}.${process.pid}-${++calls}`;
  await writeFile(mine, String(process.pid));
  try {
    for (;;) {
      try {
        await link(mine, file).catch((error: NodeJS.ErrnoException) => {
          // A file system without hard links: create in place (the old, slightly racier way).
          if (error.code === "EPERM" || error.code === "ENOTSUP" || error.code === "EOPNOTSUPP") return writeFile(file, String(process.pid), { flag: "wx" });
          throw error;
        });
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        if (await isStale(file)) {
          await rm(file, { force: true });
          continue;
        }
        if (Date.now() - started > waitMs) {
          throw new BallastError("IO", fileWords.locked(file), { fix: fileWords.lockedFix(file) });
        }
        await new Promise((resolve) => setTimeout(resolve, 25 + Math.random() * 50));
      }
    }
  } finally {
    await rm(mine, { force: true });
  }
  await sweep(file);
  try {
    return await run();
  } finally {
    await rm(file, { force: true });
  }
}

/** Private pid files (`<lock>.<pid>-<n>`) of runs killed before they could remove them. */
async function sweep(file: string): Promise<void> {
  const dir = path.dirname(file);
  const prefix = `${path.basename(file)}.`;
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    const pid = name.startsWith(prefix) ? Number(/^(\d+)-\d+$/.exec(name.slice(prefix.length))?.[1]) : NaN;
    if (Number.isSafeInteger(pid) && pid > 0 && !isRunning(pid)) await rm(path.join(dir, name), { force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

/** The owner's pid is not running (or the file is unreadable junk older than 10 s). */
async function isStale(file: string): Promise<boolean> {
  const text = await readFile(file, "utf8").catch(() => undefined);
  if (text === undefined) return false;
  const pid = Number(text.trim());
  if (!Number.isSafeInteger(pid) || pid <= 0) {
    const info = await stat(file).catch(() => undefined);
    return info !== undefined && Date.now() - info.mtimeMs > 10_000;
  }
  return !isRunning(pid);
}
