import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LFS_SPEC_URL, parsePointer } from "../../src/lfs/pointer.js";

/**
 * Catalogue: LFS pointers that are almost canonical. Properties against an independent
 * oracle of the canonical form written straight from git-lfs docs/spec.md (v1), not from
 * the parser: generated canonical pointers parse as canonical; any single mutation is
 * canonical exactly when the oracle still says so. (Whether a text is a pointer at all is
 * git-lfs's decoder's call: pointer-git-lfs.test.ts checks that against the binary.)
 */
function canonical(text: string): { oid: string; size: bigint } | undefined {
  // LF line ends: a CR inside an extension's name is just a byte of the name, to git-lfs too.
  if (Buffer.byteLength(text, "latin1") >= 1024 || !text.endsWith("\n") || text.includes("\r\n")) return undefined;
  const pairs: Array<[string, string]> = [];
  for (const line of text.slice(0, -1).split("\n")) {
    const m = /^(version|oid|size|ext-[0-9]-\w[^ ]*) ([^ ].*)$/s.exec(line);
    if (!m) return undefined;
    pairs.push([m[1]!, m[2]!]);
  }
  const keys = pairs.map(([k]) => k);
  // The first version URL only: git-lfs reads the older ones but writes this one.
  if (keys[0] !== "version" || pairs[0]![1] !== LFS_SPEC_URL) return undefined;
  const rest = keys.slice(1);
  if (rest.some((k, i) => i > 0 && rest[i - 1]! >= k)) return undefined;
  const exts = rest.filter((k) => k.startsWith("ext-"));
  if (new Set(exts.map((k) => k[4])).size !== exts.length) return undefined;
  const map = Object.fromEntries(pairs);
  if (exts.some((k) => !/^sha256:[0-9a-f]{64}$/.test(map[k]!))) return undefined;
  const oid = /^sha256:([0-9a-f]{64})$/.exec(map.oid ?? "")?.[1];
  // Size 0 is written as an empty file, never as pointer text.
  if (!oid || !/^[1-9][0-9]*$/.test(map.size ?? "") || BigInt(map.size!) >= 2n ** 63n) return undefined;
  return { oid, size: BigInt(map.size!) };
}

const hex64 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString("hex"));
const extKey = fc.integer({ min: 0, max: 9 }).chain((n) => fc.stringMatching(/^[A-Za-z0-9_]{1,8}$/).map((name) => `ext-${n}-${name}`));

/** A canonical pointer: the current version, sorted keys, optional extension lines. */
const validPointer = fc
  .record({
    oid: hex64,
    size: fc.oneof(fc.bigInt({ min: 1n, max: 1n << 30n }), fc.constant(2n ** 63n - 1n)),
    exts: fc.uniqueArray(fc.tuple(extKey, hex64), { maxLength: 3, selector: ([k]) => k[4] }),
  })
  .map(({ oid, size, exts }) => {
    const lines: Array<[string, string]> = [...exts.map(([k, v]): [string, string] => [k, `sha256:${v}`]), ["oid", `sha256:${oid}`], ["size", String(size)]];
    lines.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return { text: `version ${LFS_SPEC_URL}\n${lines.map(([k, v]) => `${k} ${v}\n`).join("")}`, oid, size };
  });

/** Characters a careless tool or a bad merge puts into a pointer. */
const noise = fc.constantFrom("\n", "\r", " ", "\t", "\0", "A", "F", "g", "0", "9", "-", ".", ":", "\u00ff", "\ufeff", "x");

type Mutation = { kind: "replace" | "insert" | "delete"; at: number; ch: string } | { kind: "swap-lines"; a: number; b: number } | { kind: "dup-line"; a: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constantFrom("replace" as const, "insert" as const, "delete" as const), at: fc.nat(), ch: noise }),
  fc.record({ kind: fc.constant("swap-lines" as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ kind: fc.constant("dup-line" as const), a: fc.nat() }),
);

function mutate(text: string, m: Mutation): string {
  if (m.kind === "swap-lines" || m.kind === "dup-line") {
    const lines = text.slice(0, -1).split("\n");
    const a = m.a % lines.length;
    if (m.kind === "dup-line") lines.splice(a, 0, lines[a]!);
    else {
      const b = m.b % lines.length;
      [lines[a], lines[b]] = [lines[b]!, lines[a]!];
    }
    return `${lines.join("\n")}\n`;
  }
  const at = m.at % (text.length + (m.kind === "insert" ? 1 : 0));
  if (m.kind === "insert") return text.slice(0, at) + m.ch + text.slice(at);
  if (m.kind === "delete") return text.slice(0, at) + text.slice(at + 1);
  return text.slice(0, at) + m.ch + text.slice(at + 1);
}

const RUNS = { numRuns: 3000 };

describe("LFS pointer properties (fast-check)", () => {
  it("every generated canonical pointer parses as one, with its oid and size", () => {
    fc.assert(
      fc.property(validPointer, ({ text, oid, size }) => {
        const parsed = parsePointer(text);
        expect(parsed).toMatchObject({ kind: "pointer", pointer: { oid, size } });
        expect(parsed.kind === "pointer" && parsed.noncanonical).toBeUndefined();
        expect(canonical(text)).toEqual({ oid, size });
      }),
      RUNS,
    );
  });

  it("a single mutation is canonical exactly when the spec still allows it", () => {
    fc.assert(
      fc.property(validPointer, mutation, ({ text }, m) => {
        const mutated = mutate(text, m);
        const parsed = parsePointer(Buffer.from(mutated, "latin1"));
        const expected = canonical(mutated);
        if (expected) {
          expect(parsed, JSON.stringify(mutated)).toMatchObject({ kind: "pointer", pointer: expected });
          expect(parsed.kind === "pointer" && parsed.noncanonical, JSON.stringify(mutated)).toBeUndefined();
        } else {
          expect(parsed.kind === "pointer" && !parsed.noncanonical, JSON.stringify(mutated)).toBe(false);
        }
      }),
      RUNS,
    );
  });

  it("a mutated pointer that still names LFS is never silently 'none' when its version line is intact", () => {
    fc.assert(
      fc.property(validPointer, mutation, ({ text }, m) => {
        const mutated = mutate(text, m);
        if (!mutated.startsWith("version https://git-lfs.github.com/spec/v1\n")) return;
        expect(parsePointer(mutated).kind).not.toBe("none");
      }),
      RUNS,
    );
  });

  it("a pointer's text at the head of a blob of 1024 bytes or more is a pointer (git-lfs reads 1024 bytes), never canonical", () => {
    fc.assert(
      fc.property(validPointer, fc.integer({ min: 1024, max: 2 ** 40 }), ({ text }, total) => {
        const parsed = parsePointer(text, total);
        expect(parsed.kind === "pointer" && parsed.noncanonical).toMatch(/1024/);
      }),
      { numRuns: 500 },
    );
  });

  it.each([
    ["absurd size past 2^53", "size 99999999999999999999"],
    ["negative size", "size -1"],
    ["hex size", "size 0x10"],
    ["size with exponent", "size 1e3"],
    ["oid of another algorithm", "oid sha1:0123456789abcdef0123456789abcdef01234567"],
    ["oid with 65 hex", `oid sha256:${"a".repeat(65)}`],
    ["oid with a trailing space", `oid sha256:${"a".repeat(64)} `],
  ])("edge: %s is not a pointer", (_, line) => {
    const base = `version https://git-lfs.github.com/spec/v1\noid sha256:${"a".repeat(64)}\nsize 10\n`;
    const key = line.split(" ")[0]!;
    const text = base.replace(new RegExp(`^${key} .*$`, "m"), line);
    expect(parsePointer(text).kind).toBe("malformed");
  });
});
