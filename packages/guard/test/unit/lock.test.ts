import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { tempDir } from "@ballast/test-utils";
import { describe, expect, it } from "vitest";
import { withLock } from "../../src/util/lock.js";

/** A pid that is certainly not running: a child that has already exited and been reaped. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]);
  return Number(child.stdout.toString());
}

describe("withLock", () => {
  it("takes over a lock whose owner was killed, and leaves nothing behind", async () => {
    const dir = tempDir("ballast-lock-");
    const file = path.join(dir, "x.lock");
    writeFileSync(file, String(deadPid()));
    const seen = await withLock(file, async () => readFileSync(file, "utf8"), { waitMs: 0 });
    expect(seen).toBe(String(process.pid));
    expect(readdirSync(dir)).toEqual([]);
  });

  it("refuses while a live owner holds it, naming the lock file", async () => {
    const dir = tempDir("ballast-lock-");
    const file = path.join(dir, "x.lock");
    writeFileSync(file, String(process.ppid));
    await expect(withLock(file, async () => 1, { waitMs: 0 })).rejects.toThrow(file);
    expect(readFileSync(file, "utf8")).toBe(String(process.ppid));
  });

  it("two calls of one process on one lock take turns, and both complete", async () => {
    const dir = tempDir("ballast-lock-");
    const file = path.join(dir, "x.lock");
    const order: string[] = [];
    const hold = (name: string) =>
      withLock(file, async () => {
        order.push(`${name} in`);
        await new Promise((r) => setTimeout(r, 50));
        order.push(`${name} out`);
      });
    await Promise.all([hold("a"), hold("b")]);
    expect(order).toEqual(order[0] === "a in" ? ["a in", "a out", "b in", "b out"] : ["b in", "b out", "a in", "a out"]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("a lock is never seen without its owner's pid, however early its owner is killed", async () => {
    // The child takes the lock in a loop; we kill it at once and look at what it left.
    const dir = tempDir("ballast-lock-");
    const file = path.join(dir, "x.lock");
    const lockModule = path.resolve(__dirname, "../../src/util/lock.ts");
    for (let round = 0; round < 8; round++) {
      const script = `require("jiti").createJiti(${JSON.stringify(__filename)}).import(${JSON.stringify(lockModule)}).then(async ({ withLock }) => { for (;;) await withLock(${JSON.stringify(file)}, async () => {}, { waitMs: 0 }); })`;
      const child = spawn(process.execPath, ["-e", script], { cwd: __dirname, stdio: "ignore" });
      await new Promise((r) => setTimeout(r, 150 + round * 40));
      child.kill("SIGKILL");
      await new Promise((r) => child.on("close", r));
      if (existsSync(file)) expect(readFileSync(file, "utf8")).toMatch(/^\d+$/);
      // Whatever the kill left, the next run gets the lock at once.
      await expect(withLock(file, async () => "ok", { waitMs: 0 })).resolves.toBe("ok");
    }
    // ...and the private pid files of killed runs are swept away by the next one.
    expect(readdirSync(dir)).toEqual([]);
  });
});
