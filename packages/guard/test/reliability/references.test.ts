import { ballast, gitdir, pseudoRandom, startFaultProxy, startS3rver, tempDir, writeTree, type FaultProxy, type S3rverHandle, type Tree } from "@ballast/test-utils";
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, rmSync, statSync, symlinkSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkReferencePath, parseReference, targetOf } from "../../src/ref/format.js";
import { ballastAsync } from "./run.js";

/**
 * Catalogue: malicious references. A reference is untrusted input (anyone can commit
 * one). Each case below must make `ballast pull` exit 2 naming the file, before any
 * request reaches storage and before anything is written, inside or outside the repo.
 * The object each reference names really is in storage: without the checks, the pull
 * would go ahead and write.
 */
const sha = (data: Buffer) => createHash("sha256").update(data).digest("hex");
const MODEL = pseudoRandom(50_000, "references");
const SHA = sha(MODEL);
const SIZE = MODEL.length;

let s3: S3rverHandle;
let proxy: FaultProxy;
let storeConfig: object;
beforeAll(async () => {
  s3 = await startS3rver();
  proxy = await startFaultProxy(s3.endpoint);
  Object.assign(process.env, s3.env);
  storeConfig = { url: `s3://${s3.bucket}/refs`, endpoint: proxy.endpoint, forcePathStyle: true, timeout: 3000 };
  // Put the model in storage the ordinary way.
  const repo = gitdir({ "README.md": "x\n", "ballast.config.json": JSON.stringify({ store: storeConfig }) });
  repo.write({ "m.bin": MODEL });
  expect(ballast(["stow", "m.bin"], { cwd: repo.dir }).code).toBe(0);
  expect((await ballastAsync(["push"], { cwd: repo.dir })).code).toBe(0);
});
afterAll(async () => {
  await proxy?.close();
  await s3?.close();
});

const ref = (fields: Record<string, unknown>) => `${JSON.stringify({ ballast: 1, path: "m.bin", sha256: SHA, size: SIZE, ...fields }, null, 2)}\n`;

interface Case {
  name: string;
  /** Reference files (and other files) to place in the checkout. */
  tree: Tree;
  /** Extra setup with the checkout and the outside folder (symlinks). */
  setup?: (dir: string, outside: string) => void;
  /** The reference file the error must name. */
  names: string;
}

const CASES: Case[] = [
  { name: '"path": "../../outside"', tree: { "models/evil.ballast": ref({ path: "../../outside" }) }, names: "models/evil.ballast" },
  { name: '"path": "a/../../x" (.. inside)', tree: { "models/e.ballast": ref({ path: "a/../../x" }) }, names: "models/e.ballast" },
  { name: "absolute POSIX path", tree: { "e.ballast": ref({ path: "/tmp/ballast-evil" }) }, names: "e.ballast" },
  { name: "Windows drive path C:\\x", tree: { "e.ballast": ref({ path: "C:\\x" }) }, names: "e.ballast" },
  { name: "Windows drive path C:/x", tree: { "e.ballast": ref({ path: "C:/x" }) }, names: "e.ballast" },
  { name: "UNC path \\\\server\\share", tree: { "e.ballast": ref({ path: "\\\\server\\share\\x" }) }, names: "e.ballast" },
  { name: "backslash traversal ..\\..\\x", tree: { "e.ballast": ref({ path: "..\\..\\x" }) }, names: "e.ballast" },
  { name: "a path into .git", tree: { "e.ballast": ref({ path: ".git/hooks/pre-commit" }) }, names: "e.ballast" },
  { name: "a path into .GIT (case-folded)", tree: { "e.ballast": ref({ path: ".GIT/config" }) }, names: "e.ballast" },
  { name: "a nested .git", tree: { "sub/e.ballast": ref({ path: "x/.git/config" }) }, names: "sub/e.ballast" },
  { name: "an empty path", tree: { "e.ballast": ref({ path: "" }) }, names: "e.ballast" },
  { name: 'a "." path', tree: { "e.ballast": ref({ path: "." }) }, names: "e.ballast" },
  { name: "a newline in the path", tree: { "e.ballast": ref({ path: "a\nb" }) }, names: "e.ballast" },
  { name: "a NUL in the path", tree: { "e.ballast": ref({ path: "a\u0000b" }) }, names: "e.ballast" },
  { name: "a path that is not a string", tree: { "e.ballast": ref({ path: ["m.bin"] }) }, names: "e.ballast" },
  { name: "a path naming another reference", tree: { "e.ballast": ref({ path: "other.ballast" }) }, names: "e.ballast" },
  { name: "uppercase hex oid", tree: { "m.bin.ballast": ref({ sha256: SHA.toUpperCase() }) }, names: "m.bin.ballast" },
  { name: "63-hex oid", tree: { "m.bin.ballast": ref({ sha256: SHA.slice(1) }) }, names: "m.bin.ballast" },
  { name: "oid with a sha256: prefix", tree: { "m.bin.ballast": ref({ sha256: `sha256:${SHA}` }) }, names: "m.bin.ballast" },
  { name: "oid with traversal", tree: { "m.bin.ballast": ref({ sha256: `../../${SHA.slice(6)}` }) }, names: "m.bin.ballast" },
  { name: "negative size", tree: { "m.bin.ballast": ref({ size: -1 }) }, names: "m.bin.ballast" },
  { name: "fractional size", tree: { "m.bin.ballast": ref({ size: 1.5 }) }, names: "m.bin.ballast" },
  { name: "absurd size 1e300", tree: { "m.bin.ballast": ref({ size: 1e300 }) }, names: "m.bin.ballast" },
  { name: "size past 2^53", tree: { "m.bin.ballast": ref({ size: 2 ** 53 + 2 }) }, names: "m.bin.ballast" },
  { name: "size as a string", tree: { "m.bin.ballast": ref({ size: String(SIZE) }) }, names: "m.bin.ballast" },
  { name: "malformed JSON", tree: { "m.bin.ballast": '{ "ballast": 1, "path": ' }, names: "m.bin.ballast" },
  { name: "JSON that is an array", tree: { "m.bin.ballast": "[1,2]\n" }, names: "m.bin.ballast" },
  { name: "JSON null", tree: { "m.bin.ballast": "null\n" }, names: "m.bin.ballast" },
  { name: "a newer format version", tree: { "m.bin.ballast": ref({ ballast: 2 }) }, names: "m.bin.ballast" },
  { name: "a 100 kB reference", tree: { "m.bin.ballast": ref({ pad: "x".repeat(100_000) }) }, names: "m.bin.ballast" },
  {
    name: "a target through a symlinked folder",
    tree: { "models/m.bin.ballast": ref({ path: "link/m.bin" }) },
    setup: (dir, outside) => symlinkSync(outside, path.join(dir, "models", "link")),
    names: "models/m.bin.ballast",
  },
  {
    name: "a target that is itself a symlink to outside",
    tree: { "m.bin.ballast": ref({}) },
    setup: (dir, outside) => symlinkSync(path.join(outside, "victim"), path.join(dir, "m.bin")),
    names: "m.bin.ballast",
  },
  {
    name: "two references to one target with different content",
    tree: { "a.ballast": ref({ path: "m.bin" }), "m.bin.ballast": ref({ sha256: "0".repeat(64) }) },
    names: "m.bin",
  },
  {
    name: "two targets equal after case folding",
    tree: { "Model.bin.ballast": ref({ path: "Model.bin" }), "model.bin.ballast": ref({ path: "model.bin", sha256: "1".repeat(64) }) },
    names: "odel.bin",
  },
  {
    name: "two targets equal after Unicode normalisation (NFC/NFD)",
    tree: { "caf\u00e9.bin.ballast": ref({ path: "caf\u00e9.bin" }), "cafe\u0301.bin.ballast": ref({ path: "cafe\u0301.bin", sha256: "2".repeat(64) }) },
    names: ".bin",
  },
];

/** Every file and folder under `dir` (except .git), with sizes, to prove nothing changed. */
function snapshot(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .map((e) => path.join(e.parentPath, e.name))
    .filter((p) => !p.split(path.sep).includes(".git"))
    .map((p) => {
      const s = statSync(p, { throwIfNoEntry: false });
      return `${path.relative(dir, p)}:${s?.isFile() ? s.size : "d"}`;
    })
    .sort();
}

async function attack(c: Case, withGit: boolean) {
  const base = tempDir();
  const outside = path.join(base, "outside");
  mkdirSync(outside);
  // The checkout sits two levels down, so "../../outside" would land in `outside`.
  const dir = path.join(base, "deep", "checkout");
  mkdirSync(dir, { recursive: true });
  writeTree(dir, { "ballast.config.json": JSON.stringify({ store: storeConfig }), ...c.tree });
  c.setup?.(dir, outside);
  if (withGit) {
    const repo = gitdir({});
    rmSync(repo.dir, { recursive: true, force: true });
    repo.git(["init", "-q", dir], { cwd: base });
    repo.git(["add", "-A"], { cwd: dir });
    repo.git(["commit", "-q", "--no-verify", "-m", "evil"], { cwd: dir });
  }
  const before = snapshot(dir);
  const requests = proxy.count();
  const run = await ballastAsync(["pull"], { cwd: dir });
  return { run, dir, outside, base, before, requests: proxy.count() - requests };
}

describe("malicious references catalogue", () => {
  describe.each([
    ["in a git checkout", true],
    ["in a Docker context without .git", false],
  ])("%s", (_, withGit) => {
    it.each(CASES.map((c) => [c.name, c] as const))("%s: refused before any request or write, naming the file", async (_, c) => {
      const { run, dir, outside, before, requests } = await attack(c, withGit);
      expect(run.code, run.output).toBe(2);
      expect(run.stderr).toContain(c.names);
      expect(run.stderr).toMatch(/^\s+fix: .+/m);
      expect(run.stderr).not.toContain("internal error");
      expect(requests, "requests reached storage").toBe(0);
      expect(readdirSync(outside)).toEqual([]);
      expect(snapshot(dir)).toEqual(before);
    });
  });

  it("a reference with a valid path still restores (the catalogue does not refuse everything)", async () => {
    const { run, dir } = await attack({ name: "ok", tree: { "models/ok.bin.ballast": ref({ path: "ok.bin" }) }, names: "" }, true);
    expect(run.code, run.output).toBe(0);
    expect(sha(await import("node:fs").then((fs) => fs.readFileSync(path.join(dir, "models", "ok.bin"))))).toBe(SHA);
  });
});

describe("reference path validation (fast-check)", () => {
  const segment = fc.oneof(
    fc.constantFrom("..", ".", "", ".git", ".GIT", "C:", "c:", "~", "\\", "..\\..", "a", "models", "x.bin", "\u00e9", "\u0000", "\n"),
    fc.string({ maxLength: 6 }),
  );
  const candidate = fc.array(segment, { minLength: 1, maxLength: 5 }).chain((segs) => fc.constantFrom("/", "\\").map((sep) => segs.join(sep)));

  it("an accepted path always stays inside the reference's folder and out of .git", () => {
    fc.assert(
      fc.property(candidate, fc.constantFrom("", "models/", "a/b/"), (p, folder) => {
        if (checkReferencePath(p) !== undefined) return;
        const root = "/repo";
        const target = path.posix.resolve(root, targetOf(`${folder}x.ballast`, { path: p }));
        expect(target.startsWith(`${root}/${folder}`)).toBe(true);
        expect(target.split("/").some((s) => s.toLowerCase() === ".git")).toBe(false);
        expect(p.includes("\\")).toBe(false);
      }),
      { numRuns: 5000 },
    );
  });

  it("parseReference never throws, and accepts only 64-hex oids and safe sizes", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.anything(), fc.anything(), (pathValue, shaValue, sizeValue) => {
        const text = JSON.stringify({ ballast: 1, path: pathValue, sha256: shaValue, size: sizeValue }) ?? "";
        const parsed = parseReference(text);
        if (parsed.ok) {
          expect(parsed.reference.sha256).toMatch(/^[0-9a-f]{64}$/);
          expect(Number.isSafeInteger(parsed.reference.size) && parsed.reference.size >= 0).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
