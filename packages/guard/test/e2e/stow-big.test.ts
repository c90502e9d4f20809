import { ballast, BALLAST_BIN, gitdir, tempDir } from "@ballast/test-utils";
import { spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { createReadStream, existsSync, openSync, writeSync, closeSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const SLOW = Boolean(process.env.BALLAST_SLOW);
const GB = 1_000_000_000;

/** Write `size` random bytes in 8 MB blocks (never the whole file in memory). */
function bigFile(file: string, size: number): void {
  const fd = openSync(file, "w");
  const block = randomBytes(8 * 1024 * 1024);
  for (let written = 0; written < size; written += block.length) {
    block[0] = written & 0xff;
    writeSync(fd, block, 0, Math.min(block.length, size - written));
  }
  closeSync(fd);
}

async function hashFile(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Peak resident memory (kB) of one ballast run, measured by GNU time. */
function peakRss(args: string[], cwd: string): number {
  const result = spawnSync("/usr/bin/time", ["-f", "%M", process.execPath, BALLAST_BIN, ...args], { cwd, encoding: "utf8", timeout: 600_000 });
  expect(result.status, result.stderr).toBe(0);
  return Number(result.stderr.trim().split("\n").pop());
}

describe("a 1 GB model (BALLAST_SLOW=1)", () => {
  // 1 GB of disk and about a minute: run with `npm run test:slow`.
  it.skipIf(!SLOW || !existsSync("/usr/bin/time"))("stows, pushes and pulls in flat memory (peak RSS under 200 MB each)", async () => {
    const store = path.join(tempDir(), "store");
    const repo = gitdir({ "ballast.config.json": JSON.stringify({ extends: ["rasa"], store: `file://${store}` }) });
    const model = path.join(repo.dir, "models", "big.tar.gz");
    repo.write({ "models/.keep": "" });
    bigFile(model, GB);
    const rss = { stow: peakRss(["stow", "models/big.tar.gz"], repo.dir) } as Record<string, number>;
    repo.git(["commit", "-q", "-m", "big"]);
    rss.push = peakRss(["push"], repo.dir);
    const clone = path.join(tempDir(), "clone");
    repo.git(["clone", "-q", repo.dir, clone]);
    rss.pull = peakRss(["pull"], clone);
    expect(await hashFile(path.join(clone, "models/big.tar.gz"))).toBe(await hashFile(model));
    for (const [step, kb] of Object.entries(rss)) expect(kb, `${step} peak RSS ${kb} kB`).toBeLessThan(200_000);
    expect(ballast(["status", "--json"], { cwd: clone }).code).toBe(0);
  }, 900_000);
});
