import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatPointer, parsePointer } from "../../src/lfs/pointer.js";

const OID = "4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393";
const VALID = `version https://git-lfs.github.com/spec/v1\noid sha256:${OID}\nsize 12345\n`;

describe("parsePointer (git-lfs spec v1)", () => {
  it("reads a valid pointer", () => {
    expect(parsePointer(VALID)).toEqual({ kind: "pointer", pointer: { version: "https://git-lfs.github.com/spec/v1", oid: OID, size: 12345, extra: {} } });
  });

  it.each([
    ["hawser (pre-release)", VALID.replace("https://git-lfs.github.com/spec/v1", "https://hawser.github.com/spec/v1")],
    ["git-media (alpha)", VALID.replace("https://git-lfs.github.com/spec/v1", "http://git-media.io/v/2")],
    ["extension keys in order", VALID.replace("oid ", "ext-0-foo sha256:abc\noid ")],
  ])("accepts %s", (_, text) => {
    expect(parsePointer(text).kind).toBe("pointer");
  });

  it.each([
    ["a wrong version", VALID.replace("spec/v1", "spec/v2"), /version/],
    ["CRLF line ends", VALID.replace(/\n/g, "\r\n"), /CRLF/],
    ["keys out of order", `version https://git-lfs.github.com/spec/v1\nsize 12345\noid sha256:${OID}\n`, /sorted/],
    ["uppercase hex", VALID.replace(OID, OID.toUpperCase()), /uppercase/],
    ["a short oid", VALID.replace(OID, OID.slice(2)), /oid/],
    ["a non-decimal size", VALID.replace("12345", "12,345"), /decimal/],
    ["a missing size", `version https://git-lfs.github.com/spec/v1\noid sha256:${OID}\n`, /size/],
    ["no final newline", VALID.slice(0, -1), /newline/],
    ["two spaces", VALID.replace("size 12345", "size  12345"), /one space/],
    ["over 1024 bytes", `${VALID}${"x".repeat(1100)}\n`, /1024/],
    ["version not first", `oid sha256:${OID}\nversion https://git-lfs.github.com/spec/v1\nsize 1\n`, /first line/],
  ])("calls %s malformed", (_, text, reason) => {
    const parsed = parsePointer(text);
    expect(parsed.kind).toBe("malformed");
    expect(parsed.kind === "malformed" && parsed.reason).toMatch(reason);
  });

  it.each([
    ["ordinary text", "hello world\n"],
    ["a README that mentions git-lfs", "We use git-lfs for assets.\nversion 2 of the docs\n"],
    ["binary", Buffer.from([0, 1, 2, 3])],
    ["empty", ""],
  ])("says %s is not a pointer", (_, text) => {
    expect(parsePointer(text).kind).toBe("none");
  });

  it("round-trips any oid and size through formatPointer", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9a-f]{64}$/), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (oid, size) => {
        const parsed = parsePointer(formatPointer(oid, size));
        expect(parsed).toEqual({ kind: "pointer", pointer: { version: "https://git-lfs.github.com/spec/v1", oid, size, extra: {} } });
      }),
    );
  });

  it("never throws on arbitrary bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => {
        expect(["pointer", "malformed", "none"]).toContain(parsePointer(Buffer.from(bytes)).kind);
      }),
    );
  });
});

describe("parsePointer on documents that quote a pointer", () => {
  it("a Markdown page with a pointer in a code block is not a pointer", () => {
    const doc = `# Troubleshooting\n\nA pointer looks like this (git-lfs):\n\n\`\`\`\n${VALID}\`\`\`\n`;
    expect(parsePointer(doc).kind).toBe("none");
  });
  it("text that opens with pointer keys out of order is still malformed", () => {
    expect(parsePointer(`oid sha256:${OID}\nversion https://git-lfs.github.com/spec/v1\nsize 1\n`).kind).toBe("malformed");
  });
});
