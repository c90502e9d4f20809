import { gitdir, tempDir, writeTree, type GitDir } from "@ballast/test-utils";
import { createHash } from "node:crypto";
import { cpSync, createReadStream, existsSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { startBallast } from "./run.js";

/**
 * Files above 4 GiB, by streaming (slow tier: `npm run test:slow`, i.e. BALLAST_SLOW=1).
 * A sparse 4.5 GiB file costs no disk to create, but ballast reads, hashes, caches, uploads
 * and downloads every byte of it: ~14 GB of I/O. Sizes past 2^32 catch 32-bit offsets and
 * lengths; the memory of each ballast process is sampled and must stay flat.
 */
const SLOW = Boolean(process.env.BALLAST_SLOW);
const SIZE = 4.5 * 1024 ** 3;
/** Flat: far below the file size, whatever it is. */
const MAX_RSS_BYTES = 400 * 1024 * 1024;

async function sha256File(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Run ballast, sampling its resident memory from /proc every 100 ms. */
async function measured(args: string[], cwd: string): Promise<{ code: number; output: string; peak: number }> {
  const { child, done } = startBallast(args, { cwd, timeout: 15 * 60_000 });
  let peak = 0;
  const timer = setInterval(() => {
    try {
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"));
      if (rss) peak = Math.max(peak, Number(rss[1]) * 1024);
    } catch {
      // finished
    }
  }, 100);
  const result = await done;
  clearInterval(timer);
  return { code: result.code, output: result.output, peak };
}

describe("files above 4 GiB (slow tier)", () => {
  it.skipIf(!SLOW)(
    "a sparse 4.5 GiB file is stowed, pushed and pulled by streaming, verified, with flat memory (BALLAST_SLOW=1; skipped otherwise: ~14 GB of I/O)",
    async () => {
      const base = tempDir();
      const origin = gitdir({ "README.md": "# bot\n", "ballast.config.json": JSON.stringify({ store: "file://../store" }) });
      const dir = path.join(base, "repo");
      cpSync(origin.dir, dir, { recursive: true });
      const repo: GitDir = { ...origin, dir, git: (a, o = {}) => origin.git(a, { ...o, cwd: o.cwd ?? dir }), write: (t) => writeTree(dir, t) };
      const file = path.join(dir, "models", "huge.bin");
      repo.write({ "models/huge.bin": "" });
      // Sparse, with real bytes at both ends and just past 4 GiB, so a truncation or a wrapped offset shows.
      truncateSync(file, SIZE);
      const marks: Array<[number, string]> = [[0, "start"], [2 ** 32 + 7, "past-4GiB"], [SIZE - 3, "end"]];
      const { openSync, writeSync, closeSync } = await import("node:fs");
      const fd = openSync(file, "r+");
      for (const [at, text] of marks) writeSync(fd, Buffer.from(text.slice(0, 3)), 0, 3, at);
      closeSync(fd);
      const expected = await sha256File(file);

      const stow = await measured(["stow", "models/huge.bin"], dir);
      expect(stow.code, stow.output).toBe(0);
      expect(stow.peak).toBeLessThan(MAX_RSS_BYTES);
      const reference = JSON.parse(readFileSync(`${file}.ballast`, "utf8")) as { sha256: string; size: number };
      expect(reference).toMatchObject({ sha256: expected, size: SIZE });

      const push = await measured(["push"], dir);
      expect(push.code, push.output).toBe(0);
      expect(push.peak).toBeLessThan(MAX_RSS_BYTES);

      rmSync(file);
      rmSync(path.join(dir, ".git", "ballast"), { recursive: true, force: true });
      const pull = await measured(["pull"], dir);
      expect(pull.code, pull.output).toBe(0);
      expect(pull.peak).toBeLessThan(MAX_RSS_BYTES);
      expect(statSync(file).size).toBe(SIZE);
      expect(await sha256File(file)).toBe(expected);
      // Free the ~9 GB of cache and store at once rather than at the end of the run.
      rmSync(base, { recursive: true, force: true });
      expect(existsSync(base)).toBe(false);
      void writeFileSync;
    },
    30 * 60_000,
  );
});
