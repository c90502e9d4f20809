import { open, readFile, rm, stat } from "node:fs/promises";
import { BallastError } from "../errors.js";
import { fileWords } from "../messages.js";

/**
 * A lock file for read-modify-write steps that git's own index.lock does not cover (a
 * stow reads .gitignore and the staged .gitignore, then writes both: two stows at once
 * would lose one's line). Created with O_EXCL, holding the owner's pid; a lock whose
 * owner is gone (`kill -9`) is taken over, so an interrupted run never blocks the next.
 */
export async function withLock<T>(file: string, run: () => Promise<T>, options: { waitMs?: number } = {}): Promise<T> {
  const waitMs = options.waitMs ?? 30_000;
  const started = Date.now();
  for (;;) {
    try {
      const handle = await open(file, "wx");
      await handle.writeFile(String(process.pid));
      await handle.close();
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
  try {
    return await run();
  } finally {
    await rm(file, { force: true });
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
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}
