import { pseudoRandom, tempDir } from "@ballast/test-utils";
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createStore } from "../../src/store/create.js";
import { objectKey } from "../../src/store/types.js";

const sha = (data: Buffer) => createHash("sha256").update(data).digest("hex");

function fixture(size: number, seed = "f") {
  const dir = tempDir();
  const data = pseudoRandom(size, seed);
  const file = path.join(dir, "model.bin");
  writeFileSync(file, data);
  return { dir, data, file, sha256: sha(data) };
}

describe("the file:// store", () => {
  it("puts, stats and gets an object under sha256/ab/cd/<sha>, relative to the config folder", async () => {
    const { dir, data, file, sha256 } = fixture(300_000);
    const store = await createStore("file://store", { root: dir });
    expect(store.url).toBe(`file://${path.join(dir, "store")}`);
    expect(await store.stat(sha256)).toBeUndefined();
    expect(await store.put(sha256, file, { size: data.length })).toEqual({ uploaded: true });
    const stored = path.join(dir, "store", ...objectKey(sha256).split("/"));
    expect(readFileSync(stored).equals(data)).toBe(true);
    expect(await store.stat(sha256)).toEqual({ size: data.length });
    const { size, body } = await store.get(sha256);
    expect(size).toBe(data.length);
    const chunks: Buffer[] = [];
    for await (const c of body) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).equals(data)).toBe(true);
    // No temporary files are left beside the object.
    expect(readdirSync(path.dirname(stored))).toEqual([sha256]);
  });

  it("never overwrites an object of the right size (immutable), and says it did not upload", async () => {
    const { dir, data, file, sha256 } = fixture(10_000);
    const store = await createStore(`file://${path.join(dir, "s")}`, { root: "/" });
    await store.put(sha256, file, { size: data.length });
    const stored = path.join(dir, "s", ...objectKey(sha256).split("/"));
    const mtime = statSync(stored).mtimeMs;
    expect(await store.put(sha256, file, { size: data.length })).toEqual({ uploaded: false });
    expect(statSync(stored).mtimeMs).toBe(mtime);
  });

  it("replaces an object of the wrong size (a cut-short upload), checking the size, not just presence", async () => {
    const { dir, data, file, sha256 } = fixture(10_000);
    const store = await createStore("file://s", { root: dir });
    const stored = path.join(dir, "s", ...objectKey(sha256).split("/"));
    await store.put(sha256, file, { size: data.length });
    writeFileSync(stored, data.subarray(0, 100));
    expect(await store.put(sha256, file, { size: data.length })).toEqual({ uploaded: true });
    expect(readFileSync(stored).equals(data)).toBe(true);
  });

  it("refuses to store bytes that do not match their name, leaving nothing behind", async () => {
    const { dir, data, file } = fixture(10_000);
    const wrong = "0".repeat(64);
    const store = await createStore("file://s", { root: dir });
    await expect(store.put(wrong, file, { size: data.length, label: "models/x.pt" })).rejects.toMatchObject({ code: "INTEGRITY" });
    expect(await store.stat(wrong)).toBeUndefined();
    expect(readdirSync(path.join(dir, "s", "sha256", "00", "00"))).toEqual([]);
  });

  it("names the file when an object is missing", async () => {
    const root = tempDir();
    mkdirSync(path.join(root, "s"));
    const store = await createStore("file://s", { root });
    await expect(store.get("a".repeat(64), { label: "models/nlu.tar.gz" })).rejects.toThrow(/models\/nlu.tar.gz is not in the store/);
  });

  it("says the folder itself does not exist when it does not (a wrong URL, a volume not mounted)", async () => {
    const root = tempDir();
    const store = await createStore("file://s", { root });
    await expect(store.get("a".repeat(64), { label: "models/nlu.tar.gz" })).rejects.toThrow(`the store folder ${path.join(root, "s")} does not exist`);
  });
});

describe("createStore and BALLAST_STORE", () => {
  it("lets BALLAST_STORE override the configured store, relative to cwd", async () => {
    const cwd = tempDir();
    const store = await createStore("file://configured", { root: "/config-root", env: { BALLAST_STORE: "file://from-env" }, cwd });
    expect(store.url).toBe(`file://${path.join(cwd, "from-env")}`);
    const plain = await createStore("file://configured", { root: "/config-root" });
    expect(plain.url).toBe("file:///config-root/configured");
  });

  it("with no store at all, fails with the way to set one", async () => {
    await expect(createStore(undefined, { root: "/", env: {} })).rejects.toMatchObject({
      code: "CONFIG_INVALID",
      message: expect.stringMatching(/no store is configured/),
      fix: expect.stringMatching(/"store": "file:\/\/\.\.\/model-store".*BALLAST_STORE=/),
    });
  });
});
