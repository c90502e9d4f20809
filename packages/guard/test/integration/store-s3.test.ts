import { pseudoRandom, startS3rver, tempDir, type S3rverHandle } from "@ballast/test-utils";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStore } from "../../src/store/create.js";
import { PART_SIZE } from "../../src/store/s3.js";
import { objectKey } from "../../src/store/types.js";

const sha = (data: Buffer) => createHash("sha256").update(data).digest("hex");

let s3: S3rverHandle;
beforeAll(async () => {
  s3 = await startS3rver();
  Object.assign(process.env, s3.env);
});
afterAll(async () => {
  await s3?.close();
});

async function readAll(body: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of body) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** A tiny HTTP server that answers each request with the next canned response. */
async function cannedServer(responses: Array<{ status: number; headers?: Record<string, string> } | "hang">): Promise<{ url: string; hits: () => number; server: Server }> {
  let hits = 0;
  const server = createServer((req, res) => {
    const next = responses[Math.min(hits, responses.length - 1)]!;
    hits++;
    req.resume();
    if (next === "hang") return; // accept and never answer
    res.writeHead(next.status, next.headers ?? {});
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits: () => hits, server };
}

describe("the s3:// store against s3rver", () => {
  it("uploads a 21 MB file multipart, byte-identical, verifies the size, and downloads it", async () => {
    const data = pseudoRandom(21_000_000, "s3-roundtrip");
    const file = path.join(tempDir(), "model.bin");
    writeFileSync(file, data);
    const sha256 = sha(data);
    const store = await createStore(s3.storeUrl("team"), { root: "/", partSize: 5 * 1024 * 1024 });
    const progress: number[] = [];
    try {
      expect(await store.stat(sha256)).toBeUndefined();
      expect(await store.put(sha256, file, { size: data.length, onProgress: (b) => progress.push(b) })).toEqual({ uploaded: true });
      // Several parts reported progress: it went multipart.
      expect(progress.length).toBeGreaterThanOrEqual(4);
      expect(await store.stat(sha256)).toEqual({ size: data.length });
      // On s3rver's disk, the object is the raw bytes (no aws-chunked framing stored as the body).
      const onDisk = readFileSync(path.join(s3.directory, s3.bucket, "team", ...objectKey(sha256).split("/") ) + "._S3rver_object");
      expect(onDisk.equals(data)).toBe(true);
      const { size, body } = await store.get(sha256);
      expect(size).toBe(data.length);
      expect((await readAll(body)).equals(data)).toBe(true);
      // Already there with the right size: not uploaded again.
      expect(await store.put(sha256, file, { size: data.length })).toEqual({ uploaded: false });
    } finally {
      await store.close();
    }
    expect(PART_SIZE).toBeGreaterThanOrEqual(5 * 1024 * 1024);
  });

  it("refuses to upload a damaged cache object: nothing is stored", async () => {
    const data = pseudoRandom(6_000_000, "damaged");
    const file = path.join(tempDir(), "model.bin");
    writeFileSync(file, data);
    const claimed = "f".repeat(64);
    const store = await createStore(s3.storeUrl("dmg"), { root: "/", partSize: 5 * 1024 * 1024 });
    try {
      await expect(store.put(claimed, file, { size: data.length, label: "models/x.pt" })).rejects.toMatchObject({ code: "INTEGRITY" });
      expect(await store.stat(claimed)).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it("names the store and the file when an object is missing", async () => {
    const store = await createStore(s3.storeUrl("none"), { root: "/" });
    try {
      await expect(store.get("a".repeat(64), { label: "models/nlu.tar.gz" })).rejects.toThrow(/models\/nlu\.tar\.gz is not in the store s3:\/\/models\/none/);
    } finally {
      await store.close();
    }
  });
});

describe("the s3:// store against a bad server", () => {
  it("retries 503 and honours Retry-After, then succeeds", async () => {
    const canned = await cannedServer([{ status: 503, headers: { "retry-after": "1" } }, { status: 503 }, { status: 200, headers: { "content-length": "7" } }]);
    const store = await createStore(`s3://bucket/p?endpoint=${encodeURIComponent(canned.url)}`, { root: "/", retry: { baseMs: 10 } });
    const started = Date.now();
    try {
      expect(await store.stat("b".repeat(64))).toEqual({ size: 7 });
    } finally {
      await store.close();
      canned.server.close();
    }
    expect(canned.hits()).toBe(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it("fails at once on 403 with a clear cause naming the store and the file", async () => {
    const canned = await cannedServer([{ status: 403 }]);
    const store = await createStore(`s3://bucket/p?endpoint=${encodeURIComponent(canned.url)}`, { root: "/", retry: { baseMs: 10 } });
    try {
      await expect(store.get("c".repeat(64), { label: "models/x.pt" })).rejects.toMatchObject({
        code: "STORE_FAILED",
        message: expect.stringMatching(/s3:\/\/bucket\/p refused access \(403.*models\/x\.pt/),
      });
    } finally {
      await store.close();
      canned.server.close();
    }
    expect(canned.hits()).toBe(1);
  });

  it("gives up on a server that accepts and never answers, after store.timeout", async () => {
    const canned = await cannedServer(["hang"]);
    const store = await createStore({ url: "s3://bucket/p", endpoint: canned.url, timeout: 700 }, { root: "/" });
    const started = Date.now();
    try {
      await expect(store.stat("d".repeat(64))).rejects.toMatchObject({ code: "STORE_UNREACHABLE", message: expect.stringMatching(/did not answer within 0.7 s/) });
    } finally {
      await store.close();
      canned.server.closeAllConnections();
      canned.server.close();
    }
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
