import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { formatSize } from "@ballast/config";
import { cacheDir } from "../cache/paths.js";
import { leftoverTemps } from "../cache/temps.js";
import type { Repo } from "../git/repo.js";
import { doctorWords as w } from "../messages.js";
import type { DoctorCheck } from "./types.js";

/**
 * doctor's `cache` line: how many objects and bytes the local cache holds, and the
 * temporary files an interrupted stow or pull left there (each with its size), which
 * the next stow or pull removes.
 */
export async function checkCache(repo: Repo): Promise<DoctorCheck> {
  const dir = cacheDir(repo.commonDir);
  let count = 0;
  let bytes = 0;
  const walk = async (folder: string): Promise<void> => {
    const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile() && /^[0-9a-f]{64}$/.test(entry.name)) {
        count += 1;
        bytes += (await stat(full)).size;
      }
    }
  };
  await walk(dir);
  const where = path.relative(repo.root, dir) || dir;
  const detail = w.cache(count, formatSize(bytes), where);
  const left = await leftoverTemps(repo.commonDir);
  if (left.length === 0) return { id: "cache", status: "ok", detail };
  const total = left.reduce((sum, t) => sum + t.size, 0);
  return {
    id: "cache",
    status: "warn",
    detail: `${detail}; ${w.leftovers(left.length, formatSize(total))}`,
    problems: left.map((t) => `${path.relative(repo.root, t.file) || t.file}: ${formatSize(t.size)}`),
    fix: w.leftoversFix,
  };
}
