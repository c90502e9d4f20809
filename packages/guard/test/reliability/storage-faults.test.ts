import { ballast, gitdir, pseudoRandom, startFaultProxy, startS3rver, type Fault, type FaultMatch, type FaultProxy, type S3rverHandle } from "@ballast/test-utils";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ballastAsync } from "./run.js";

/**
 * Catalogue: storage faults. A real s3rver behind the fault proxy; the real `ballast`
 * binary. Whatever storage does, only verified bytes reach the target path, every failure
 * is exit 2 with a cause and a fix, and nothing waits longer than the store's deadline.
 */
const TIMEOUT_MS = 1500;
const sha = (data: Buffer) => createHash("sha256").update(data).digest("hex");

let s3: S3rverHandle;
let proxy: FaultProxy;
beforeAll(async () => {
  s3 = await startS3rver();
  proxy = await startFaultProxy(s3.endpoint);
  Object.assign(process.env, s3.env);
});
afterEach(() => {
  proxy.clear();
});
afterAll(async () => {
  await proxy?.close();
  await s3?.close();
});

let seed = 0;

/** A repo whose model was stowed and pushed through the proxy, then removed locally (file and cache). */
async function pushedRepo(size = 300_000) {
  const data = pseudoRandom(size, `faults-${process.pid}-${seed++}`);
  const store = { url: `s3://${s3.bucket}/faults`, endpoint: proxy.endpoint, forcePathStyle: true, timeout: TIMEOUT_MS };
  const repo = gitdir({ "README.md": "# bot\n", "ballast.config.json": JSON.stringify({ store }) });
  repo.write({ "models/m.bin": data });
  const stowed = ballast(["stow", "models/m.bin"], { cwd: repo.dir });
  expect(stowed.code, stowed.output).toBe(0);
  const pushed = await ballastAsync(["push"], { cwd: repo.dir });
  expect(pushed.code, pushed.output).toBe(0);
  const target = path.join(repo.dir, "models", "m.bin");
  rmSync(target);
  rmSync(path.join(repo.dir, ".git", "ballast"), { recursive: true, force: true });
  return { repo, data, target };
}

/** What a failed pull may leave behind: nothing at the target, no temporary files, no bad cache object. */
function expectNothingWritten(repo: { dir: string }, target: string, data: Buffer) {
  expect(existsSync(target)).toBe(false);
  expect(readdirSync(path.dirname(target)).filter((n) => n !== "m.bin.ballast")).toEqual([]);
  const cache = path.join(repo.dir, ".git", "ballast", "objects");
  if (existsSync(cache)) {
    for (const entry of readdirSync(cache, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const file = path.join(entry.parentPath, entry.name);
      if (/^[0-9a-f]{64}$/.test(entry.name)) expect(sha(readFileSync(file))).toBe(entry.name);
    }
  }
  void data;
}

function expectCauseAndFix(output: string) {
  expect(output).toMatch(/^ballast: .+/m);
  expect(output).toMatch(/^\s+fix: .+/m);
  expect(output).not.toContain("internal error");
}

interface PullCase {
  name: string;
  faults: Array<[Fault, FaultMatch?]>;
  outcome: "restored" | "refused";
  message?: RegExp;
  /** GET requests the pull may make at most / at least (retries). */
  gets?: [min: number, max: number];
  /** Longest the command may take. */
  maxMs?: number;
  minMs?: number;
}

const PULL_CASES: PullCase[] = [
  { name: "403 Forbidden: refused at once, not retried", faults: [[{ kind: "status", status: 403 }]], outcome: "refused", message: /refused access/, gets: [1, 1] },
  { name: "404 Not Found: refused at once with the push command", faults: [[{ kind: "status", status: 404 }]], outcome: "refused", message: /not in the store/, gets: [1, 1] },
  { name: "500 on every try: retried, then given up", faults: [[{ kind: "status", status: 500 }]], outcome: "refused", message: /failed|500/, gets: [3, 6] },
  { name: "503 twice, then fine: restored", faults: [[{ kind: "status", status: 503 }, { times: 2 }]], outcome: "restored", gets: [3, 3] },
  { name: "429 with Retry-After: 1, then fine: waits, restored", faults: [[{ kind: "status", status: 429, retryAfter: "1" }, { times: 1 }]], outcome: "restored", gets: [2, 2], minMs: 1000 },
  { name: "429 without Retry-After on every try: backoff, then given up", faults: [[{ kind: "status", status: 429 }]], outcome: "refused", gets: [3, 6] },
  { name: "connection reset mid-body", faults: [[{ kind: "reset" }, { method: "GET" }]], outcome: "refused" },
  { name: "reset mid-body once, then fine", faults: [[{ kind: "reset" }, { method: "GET", times: 1 }]], outcome: "refused" },
  { name: "short body (fewer bytes than Content-Length)", faults: [[{ kind: "short" }, { method: "GET" }]], outcome: "refused" },
  { name: "a flipped byte", faults: [[{ kind: "corrupt" }, { method: "GET" }]], outcome: "refused", message: /sha256|hash|integrity|verif|match/i },
  { name: "oversized body (more bytes than the reference)", faults: [[{ kind: "oversize" }, { method: "GET" }]], outcome: "refused", message: /bytes|size/ },
  { name: "black hole: fails within the store's deadline", faults: [[{ kind: "blackhole" }]], outcome: "refused", message: /did not answer|time/i, maxMs: TIMEOUT_MS + 4000 },
  { name: "stalls mid-body: fails within the store's deadline", faults: [[{ kind: "stall" }, { method: "GET" }]], outcome: "refused", maxMs: TIMEOUT_MS + 4000 },
  { name: "slow but within the deadline: restored", faults: [[{ kind: "slow", ms: 500 }]], outcome: "restored" },
];

describe("storage faults catalogue: pull", () => {
  it.each(PULL_CASES.map((c) => [c.name, c] as const))("%s", async (_, c) => {
    const { repo, data, target } = await pushedRepo();
    const before = proxy.count("GET");
    for (const [fault, match] of c.faults) proxy.fail(fault, match);
    const started = Date.now();
    const run = await ballastAsync(["pull"], { cwd: repo.dir, timeout: 30_000 });
    const ms = Date.now() - started;
    const gets = proxy.count("GET") - before;
    if (c.outcome === "restored") {
      expect(run.code, run.output).toBe(0);
      expect(sha(readFileSync(target))).toBe(sha(data));
    } else {
      // A one-off reset may be retried into success; what matters is that only verified bytes land.
      if (run.code === 0 && c.name.includes("once")) expect(sha(readFileSync(target))).toBe(sha(data));
      else {
        expect(run.code, run.output).toBe(2);
        expectCauseAndFix(run.stderr);
        if (c.message) expect(run.stderr).toMatch(c.message);
        expectNothingWritten(repo, target, data);
      }
    }
    if (c.gets) {
      expect(gets).toBeGreaterThanOrEqual(c.gets[0]);
      expect(gets).toBeLessThanOrEqual(c.gets[1]);
    }
    if (c.maxMs) expect(ms).toBeLessThan(c.maxMs);
    if (c.minMs) expect(ms).toBeGreaterThanOrEqual(c.minMs);
    // Faults gone: the same pull now completes, verified.
    proxy.clear();
    if (!existsSync(target)) {
      const again = await ballastAsync(["pull"], { cwd: repo.dir });
      expect(again.code, again.output).toBe(0);
      expect(sha(readFileSync(target))).toBe(sha(data));
    }
  });
});

/** Size of the object as s3rver stored it on disk. */
function storedSize(data: Buffer): number | undefined {
  const hex = sha(data);
  const file = path.join(s3.directory, s3.bucket, "faults", "sha256", hex.slice(0, 2), hex.slice(2, 4), `${hex}._S3rver_object`);
  return existsSync(file) ? statSync(file).size : undefined;
}

/** A repo with a stowed model in its cache, not yet pushed. */
async function stowedRepo(size = 300_000) {
  const data = pseudoRandom(size, `faults-up-${process.pid}-${seed++}`);
  const store = { url: `s3://${s3.bucket}/faults`, endpoint: proxy.endpoint, forcePathStyle: true, timeout: TIMEOUT_MS };
  const repo = gitdir({ "README.md": "# bot\n", "ballast.config.json": JSON.stringify({ store }) });
  repo.write({ "models/m.bin": data });
  expect(ballast(["stow", "models/m.bin"], { cwd: repo.dir }).code).toBe(0);
  return { repo, data };
}

describe("storage faults catalogue: push", () => {
  it("an upload that storage keeps short (size differs) is detected and redone", async () => {
    const { repo, data } = await stowedRepo();
    proxy.fail({ kind: "truncate-request", drop: 1000 }, { method: "PUT", times: 1 });
    const run = await ballastAsync(["push"], { cwd: repo.dir });
    expect(run.code, run.output).toBe(0);
    expect(storedSize(data)).toBe(data.length);
    expect(proxy.requests.filter((r) => r.method === "PUT").length).toBeGreaterThanOrEqual(2);
  });

  it("an object stored short by an earlier run is replaced by the next push", async () => {
    const { repo, data } = await stowedRepo();
    proxy.fail({ kind: "truncate-request", drop: 1000 }, { method: "PUT" });
    const first = await ballastAsync(["push"], { cwd: repo.dir });
    expect(first.code).not.toBe(0);
    expectCauseAndFix(first.stderr);
    proxy.clear();
    const second = await ballastAsync(["push"], { cwd: repo.dir });
    expect(second.code, second.output).toBe(0);
    expect(storedSize(data)).toBe(data.length);
  });

  it("503 on the first two uploads, then fine: pushed", async () => {
    const { repo, data } = await stowedRepo();
    proxy.fail({ kind: "status", status: 503 }, { method: "PUT", times: 2 });
    const run = await ballastAsync(["push"], { cwd: repo.dir });
    expect(run.code, run.output).toBe(0);
    expect(storedSize(data)).toBe(data.length);
  });

  it("403 on upload: exit 2 naming the store, nothing stored", async () => {
    const { repo, data } = await stowedRepo();
    proxy.fail({ kind: "status", status: 403 }, { method: "PUT" });
    const run = await ballastAsync(["push"], { cwd: repo.dir });
    expect(run.code).toBe(2);
    expectCauseAndFix(run.stderr);
    expect(run.stderr).toMatch(/refused access/);
    expect(storedSize(data)).toBeUndefined();
  });

  it("a black-hole store: push fails within the deadline", async () => {
    const { repo } = await stowedRepo();
    proxy.fail({ kind: "blackhole" });
    const started = Date.now();
    const run = await ballastAsync(["push"], { cwd: repo.dir, timeout: 30_000 });
    expect(run.code).toBe(2);
    expectCauseAndFix(run.stderr);
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 4000);
  });

  it("a black-hole store: status fails (or reports unknown) within the deadline, never hangs", async () => {
    const { repo } = await stowedRepo();
    proxy.fail({ kind: "blackhole" });
    const started = Date.now();
    const run = await ballastAsync(["status"], { cwd: repo.dir, timeout: 30_000 });
    expect([0, 2]).toContain(run.code);
    expect(run.stderr).not.toContain("internal error");
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 4000);
  });
});
