import { hasGitLfs } from "@ballast/test-utils";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parsePointer } from "../../src/lfs/pointer.js";
import { checkMany, checkOne, type LfsVerdict } from "./git-lfs-oracle.js";
import { pointerText } from "./pointer-texts.js";

/**
 * Differential test: ballast's idea of a pointer against the real git-lfs binary's, over
 * thousands of generated pointer-like texts. git-lfs is the oracle (SPEC: "git-lfs's own
 * decoder is the oracle"): "is a pointer" must agree on every text, and so must
 * "is canonical" (ballast's lfs-malformed warning against `git lfs fsck --pointers`) on
 * every text under 1024 bytes. From 1024 bytes on, ballast never calls a pointer canonical
 * (SPEC: canonical is under 1024 bytes), while `--check --strict` compares only the first
 * 1024 bytes git-lfs read with what it would write (see the unit test of that case).
 * Seed: random each run, printed; BALLAST_POINTER_SEED=N reruns one.
 */
const COUNT = 3600;

function ballastVerdict(text: Buffer): LfsVerdict {
  const parsed = parsePointer(text);
  return { pointer: parsed.kind === "pointer", canonical: parsed.kind === "pointer" && !parsed.noncanonical };
}

const show = (t: Buffer) => JSON.stringify(t.toString("latin1"));

describe.skipIf(!hasGitLfs())("pointer parity with git-lfs (needs git-lfs)", () => {
  it(`agrees with git-lfs on ${COUNT} generated pointer-like texts`, { timeout: 120_000 }, () => {
    const seed = Number(process.env.BALLAST_POINTER_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const texts = [...new Set(fc.sample(pointerText, { numRuns: COUNT, seed }))].map((t) => Buffer.from(t, "latin1"));
    expect(texts.length, `seed ${seed}`).toBeGreaterThanOrEqual(3000);

    const started = Date.now();
    const oracle = checkMany(texts);
    const disagreements = texts.flatMap((t, i) => {
      const ours = ballastVerdict(t);
      const theirs = oracle[i]!;
      const same = ours.pointer === theirs.pointer && (t.length >= 1024 || ours.canonical === theirs.canonical);
      return same ? [] : [`${show(t)}: git-lfs ${JSON.stringify(theirs)}, ballast ${JSON.stringify(ours)}`];
    });
    const pointers = oracle.filter((v) => v.pointer).length;
    const canonical = oracle.filter((v) => v.canonical).length;
    const big = texts.filter((t) => t.length >= 1024).length;
    console.log(
      `pointer parity (seed ${seed}): ${texts.length} texts (${big} of 1024 bytes or more), git-lfs decodes ${pointers} (${canonical} canonical), ` +
        `${disagreements.length} disagreements, oracle ${Date.now() - started} ms`,
    );
    expect(disagreements.slice(0, 20), `seed ${seed}`).toEqual([]);
    // Every class must be present, or the test proves little.
    expect(pointers - canonical).toBeGreaterThan(300);
    expect(texts.length - pointers).toBeGreaterThan(1000);
  });

  it("the batched oracle (fsck --pointers) agrees with `git lfs pointer --check --strict` on a sample", { timeout: 60_000 }, () => {
    const texts = [...new Set(fc.sample(pointerText, { numRuns: 80, seed: 11 }))].map((t) => Buffer.from(t, "latin1"));
    const batched = checkMany(texts);
    texts.forEach((t, i) => expect(batched[i], show(t)).toEqual(checkOne(t)));
  });
});
