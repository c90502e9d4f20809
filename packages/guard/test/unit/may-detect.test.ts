import { mergeConfigs, presets } from "@ballast/config";
import { pseudoRandom } from "@ballast/test-utils";
import { describe, expect, it } from "vitest";
import { startJudging } from "../../src/engine/judge.js";
import { compilePolicy } from "../../src/engine/policy.js";
import { formatPointer } from "../../src/lfs/pointer.js";
import { rules } from "../../src/rules/index.js";
import { isStorageRule, type BlobFacts } from "../../src/rules/types.js";

// A rule's mayDetect is a bound asked before a blob is judged (range/pair-judge.ts: whether
// to find out which blobs are new while the walk still runs). It may say "maybe" for a blob
// the rule then passes; it must never say "no" for one the rule speaks about.
const policy = compilePolicy(mergeConfigs([presets.recommended, { allow: ["vendor/**"], redirect: { files: ["models/**"] } }], { sources: [], root: "/" }));
const paths = ["a.txt", "m/w.bin", "vendor/sdk.bin", "models/nlu.tar.gz", "x.ballast", "Dockerfile", "fonts/a.woff"];
const sizes = [0, 1, 130, 1023, 1024, 8_000, 999_999, 1_000_000, 1_000_001, 5_000_000, 10_000_000, 10_000_001];
const contents: Array<[string, (size: number) => Buffer]> = [
  ["pointer text", (size) => Buffer.from(formatPointer("4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393", size))],
  ["pointer text after blank space (git-lfs still reads it)", (size) => Buffer.from(` \t\n${formatPointer("4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393", size)}`)],
  ["an empty pointer's text", () => Buffer.alloc(0)],
  ["pointer-like text with a bad oid", () => Buffer.from("version https://git-lfs.github.com/spec/v1\noid sha256:xyz\nsize 3\n")],
  ["text", (size) => Buffer.from("hello world\n".repeat(Math.ceil(Math.max(size, 1) / 12))).subarray(0, size)],
  ["binary", (size) => pseudoRandom(Math.min(size, 16_384), `b${size}`)],
];
const ruled = rules.filter((rule) => rule.newBlobsOnly && rule.mayDetect);

describe("mayDetect never says no where the rule speaks", () => {
  it("covers every rule for new blobs", () => {
    expect(ruled.map((r) => r.id).sort()).toEqual(["binary", "lfs-missing-object", "size", "unresolved-reference"]);
  });

  for (const rule of ruled) {
    it(`${rule.id}: every blob it detects or notes, mayDetect allowed`, () => {
      let spoke = 0;
      let bounded = 0;
      for (const path of paths) {
        const pathPolicy = policy.forPath(path);
        for (const [, make] of contents) {
          // Each kind of content at the grid's sizes, and as a blob of exactly its own bytes.
          const own = make(12345);
          const cases: Array<[number, Buffer]> = [...sizes.map((size): [number, Buffer] => [size, make(size)]), [own.length, own]];
          for (const [size, content] of cases) {
            for (const lfs of [false, true]) {
              const info = { path, size, lfs };
              // The head as the judge hands it on: what the rules asked for, never more than the blob.
              const bytes = Math.min(rule.headBytes(info, pathPolicy), size, content.length);
              const head = bytes > 0 ? content.subarray(0, bytes) : undefined;
              const blob: BlobFacts = { path, object: "a".repeat(40), size, lfs, commit: "c".repeat(40), ...(head ? { head } : {}) };
              const says = isStorageRule(rule) ? rule.note(blob, pathPolicy) !== undefined : rule.detect(blob, pathPolicy).length > 0;
              const may = rule.mayDetect!(info, pathPolicy, head);
              if (says) spoke++;
              if (!may) bounded++;
              if (says) expect(may, `${rule.id} spoke about ${path} (${size} B, lfs ${lfs}) where mayDetect said no`).toBe(true);
            }
          }
        }
      }
      // Both halves happen on this grid: the rule speaks somewhere, and the bound rules something out.
      expect(spoke).toBeGreaterThan(0);
      expect(bounded).toBeGreaterThan(0);
    });
  }
});

describe("Judging.mayAskNew", () => {
  const judging = startJudging({ policy, context: { lfsObjects: { has: async () => true } } });
  const pointer = Buffer.from(formatPointer("4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393", 12345));

  it("is false for a small file no rule for new blobs can speak about, and for a blob known not to be new", () => {
    expect(judging.mayAskNew({ path: "m/w.bin", size: 100, lfs: false }, policy.forPath("m/w.bin"))).toBe(false);
    expect(judging.mayAskNew({ path: "m/w.bin", size: 5_000_000, lfs: false, new: false }, policy.forPath("m/w.bin"))).toBe(false);
  });

  it("is true for a blob over a limit, and for pointer text at an LFS path while the LFS store is asked", () => {
    expect(judging.mayAskNew({ path: "m/w.bin", size: 5_000_000, lfs: false }, policy.forPath("m/w.bin"))).toBe(true);
    expect(judging.mayAskNew({ path: "m/w.bin", size: pointer.length, lfs: true }, policy.forPath("m/w.bin"), pointer)).toBe(true);
    // Head not read yet: it may still be a pointer.
    expect(judging.mayAskNew({ path: "m/w.bin", size: pointer.length, lfs: true }, policy.forPath("m/w.bin"))).toBe(true);
    // Read, and not a pointer: lfs-missing-object will not note it.
    expect(judging.mayAskNew({ path: "m/w.bin", size: 200, lfs: true }, policy.forPath("m/w.bin"), Buffer.from("just text\n".repeat(20)))).toBe(false);
  });

  it("asks nothing of a rule that does not run: without an LFS store, pointer text at an LFS path needs no answer", () => {
    const server = startJudging({ policy });
    expect(server.mayAskNew({ path: "m/w.bin", size: pointer.length, lfs: true }, policy.forPath("m/w.bin"), pointer)).toBe(false);
  });
});
