import { gitdir, pseudoRandom, tempDir } from "@ballast/test-utils";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { pull } from "../../src/api/pull.js";
import { formatReference } from "../../src/ref/format.js";
import { objectKey } from "../../src/store/types.js";

const sha = (data: Buffer) => createHash("sha256").update(data).digest("hex");

/** A checkout without .git holding one reference to `data`, and a file store folder. */
function checkout(data: Buffer) {
  const dir = tempDir();
  mkdirSync(path.join(dir, "models"));
  writeFileSync(path.join(dir, "models/m.pt.ballast"), formatReference({ ballast: 1, path: "m.pt", sha256: sha(data), size: data.length }));
  writeFileSync(path.join(dir, "ballast.config.json"), "{}");
  return dir;
}

describe("pull refuses bytes that are not the referenced ones, and writes nothing", () => {
  it("a cut-short object in a file store", async () => {
    const data = pseudoRandom(300_000, "short");
    const dir = checkout(data);
    const store = tempDir();
    const object = path.join(store, ...objectKey(sha(data)).split("/"));
    mkdirSync(path.dirname(object), { recursive: true });
    writeFileSync(object, data.subarray(0, 1000));
    await expect(pull({ cwd: dir, env: { BALLAST_STORE: `file://${store}` } })).rejects.toMatchObject({ code: "INTEGRITY" });
    expect(readdirSync(path.join(dir, "models"))).toEqual(["m.pt.ballast"]);
  });

  it("an S3 download whose connection drops halfway (no file at the target, no temporary left)", async () => {
    const data = pseudoRandom(2_000_000, "drop");
    const dir = checkout(data);
    const server = createServer((req, res) => {
      res.writeHead(200, { "content-length": String(data.length), "content-type": "application/octet-stream" });
      res.write(data.subarray(0, 500_000), () => res.socket?.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const run = pull({ cwd: dir, env: { BALLAST_STORE: `s3://bucket/p?endpoint=${encodeURIComponent(endpoint)}`, AWS_ACCESS_KEY_ID: "x", AWS_SECRET_ACCESS_KEY: "y" }, retry: { attempts: 1 } });
      await expect(run).rejects.toThrow();
    } finally {
      server.closeAllConnections();
      server.close();
    }
    expect(readdirSync(path.join(dir, "models"))).toEqual(["m.pt.ballast"]);
    expect(existsSync(path.join(dir, "models/m.pt"))).toBe(false);
  });

  it("fills the cache of a repository on download, and restores from it next time", async () => {
    const data = pseudoRandom(100_000, "fill");
    const repo = gitdir({ "ballast.config.json": "{}", "m.pt.ballast": formatReference({ ballast: 1, path: "m.pt", sha256: sha(data), size: data.length }) });
    const store = tempDir();
    const object = path.join(store, ...objectKey(sha(data)).split("/"));
    mkdirSync(path.dirname(object), { recursive: true });
    writeFileSync(object, data);
    const first = await pull({ cwd: repo.dir, env: { BALLAST_STORE: `file://${store}` } });
    expect(first.files.map((f) => [f.action, f.source])).toEqual([["restored", "store"]]);
    writeFileSync(path.join(repo.dir, "m.pt"), "changed");
    // No store configured now: the cache alone restores it (with --force over the local change).
    const second = await pull({ cwd: repo.dir, env: {}, force: true });
    expect(second.files.map((f) => [f.action, f.source])).toEqual([["restored", "cache"]]);
  });

  it("refuses a reference from a newer ballast with \"upgrade ballast\"", async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, "ballast.config.json"), "{}");
    writeFileSync(path.join(dir, "m.pt.ballast"), JSON.stringify({ ballast: 2, path: "m.pt", sha256: "a".repeat(64), size: 1, chunks: [] }));
    await expect(pull({ cwd: dir, env: { BALLAST_STORE: `file://${tempDir()}` } })).rejects.toMatchObject({
      code: "BAD_ARGUMENTS",
      message: expect.stringMatching(/m\.pt\.ballast uses format version 2/),
      fix: expect.stringMatching(/^upgrade ballast: pack a newer ballast into vendor\/ballast, then: npm install -D \.\/vendor\/ballast\/\*\.tgz$/),
    });
    expect(existsSync(path.join(dir, "m.pt"))).toBe(false);
  });
});
