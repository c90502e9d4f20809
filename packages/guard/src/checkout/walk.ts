import { lstat, readdir } from "node:fs/promises";
import path from "node:path";

/** Folders a checkout check never enters: git's own data and installed packages. */
const SKIP_DIRS = new Set([".git", "node_modules"]);

export interface CheckoutFile {
  /** `/`-separated, relative to the checkout's root. */
  path: string;
  size: number;
}

/**
 * Every regular file under `start` (a folder or a file below `root`), without following
 * symlinks and without git: a Docker build context has no .git. Sorted by path.
 */
export async function walkFiles(root: string, start = ""): Promise<CheckoutFile[]> {
  const out: CheckoutFile[] = [];
  const absolute = path.join(root, ...start.split("/").filter(Boolean));
  const info = await lstat(absolute).catch(() => undefined);
  if (!info) return out;
  if (info.isFile()) return [{ path: start, size: info.size }];
  if (!info.isDirectory()) return out;
  const visit = async (dir: string, prefix: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) await visit(full, rel);
      } else if (entry.isFile()) {
        const s = await lstat(full).catch(() => undefined);
        if (s?.isFile()) out.push({ path: rel, size: s.size });
      }
    }
  };
  await visit(absolute, start);
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
