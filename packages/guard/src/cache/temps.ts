import { createHash } from "node:crypto";
import { hostname } from "node:os";
import { readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { cacheTempDir } from "./paths.js";

/**
 * Bytes enter the cache through a temporary file in `<cache>/tmp`, named after the run that
 * writes it: `.object-<host>-<pid>.ballast-tmp-<random>`. The running process is the lock
 * on its temporaries: while it lives they are in use, and once it is gone (a SIGINT, a
 * `kill -9`, a full disk) they are leftovers that the next stow or pull removes at once,
 * instead of a day later. Several runs can write at the same time, each holding its own.
 */

export interface LeftoverTemp {
  file: string;
  size: number;
}

/** The name a run passes to streamToTemp for its cache temporaries. */
export function ownedTempName(pid = process.pid, host = hostname()): string {
  return `object-${hostTag(host)}-${pid}`;
}

/** The start of every temporary file name owned by that run (what tempPathFor makes of ownedTempName). */
export function ownedTempPrefix(pid = process.pid, host = hostname()): string {
  return `.${ownedTempName(pid, host)}.ballast-tmp-`;
}

/** Temporary files in the cache whose run is gone. */
export async function leftoverTemps(commonDir: string): Promise<LeftoverTemp[]> {
  const folder = cacheTempDir(commonDir);
  const names = await readdir(folder).catch(() => [] as string[]);
  const out: LeftoverTemp[] = [];
  for (const name of names) {
    const file = path.join(folder, name);
    const info = await stat(file).catch(() => undefined);
    if (info?.isFile() && isLeftover(name, info.mtimeMs)) out.push({ file, size: info.size });
  }
  return out;
}

/** Remove the cache's leftovers (never a live run's temporaries). */
export async function removeLeftoverTemps(commonDir: string): Promise<void> {
  for (const { file } of await leftoverTemps(commonDir)) await rm(file, { force: true });
}

const OWNED = /^\.object-([0-9a-f]{8})-(\d+)\.ballast-tmp-/;

/** Without a known owner (an older ballast, another host sharing the folder): only a day-old file is surely dead. */
const UNKNOWN_OWNER_MS = 24 * 60 * 60 * 1000;

function isLeftover(name: string, mtimeMs: number): boolean {
  const owned = OWNED.exec(name);
  if (!owned || owned[1] !== hostTag(hostname())) return Date.now() - mtimeMs > UNKNOWN_OWNER_MS;
  return !isRunning(Number(owned[2]));
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

/** A host name as 8 hex digits: any characters, fixed length, and pids are per host. */
function hostTag(host: string): string {
  return createHash("sha256").update(host).digest("hex").slice(0, 8);
}
