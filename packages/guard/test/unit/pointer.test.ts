import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatPointer, parsePointer } from "../../src/lfs/pointer.js";

const OID = "4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393";
const VALID = `version https://git-lfs.github.com/spec/v1\noid sha256:${OID}\nsize 12345\n`;
const latin1 = (text: string) => Buffer.from(text, "latin1");

describe("parsePointer: what git-lfs decodes is a pointer", () => {
  it("reads a canonical pointer", () => {
    expect(parsePointer(VALID)).toEqual({ kind: "pointer", pointer: { version: "https://git-lfs.github.com/spec/v1", oid: OID, size: 12345n, extensions: [] } });
  });

  it("keeps sizes up to 2^63-1 exact (a number would round them)", () => {
    const parsed = parsePointer(VALID.replace("12345", "9223372036854775807"));
    expect(parsed).toMatchObject({ kind: "pointer", pointer: { size: 9223372036854775807n } });
    expect(parsed.kind === "pointer" && parsed.noncanonical).toBeUndefined();
  });

  it("reads extensions as git-lfs writes them: ext-0-Foo, ext-1-foo_bar", () => {
    const text = VALID.replace("oid ", `ext-0-Foo sha256:${"f".repeat(64)}\next-1-foo_bar sha256:${"b".repeat(64)}\noid `);
    expect(parsePointer(text)).toMatchObject({ kind: "pointer", pointer: { extensions: [{ name: "Foo", priority: 0 }, { name: "foo_bar", priority: 1 }] } });
  });

  it.each([
    ["CRLF line ends", VALID.replace(/\n/g, "\r\n"), /CRLF/],
    ["no final newline", VALID.slice(0, -1), /newline/],
    ["a leading blank line", `\n${VALID}`, /whitespace or blank lines around/],
    ["a blank line inside", VALID.replace("\noid", "\n\noid"), /blank lines/],
    ["size +5", VALID.replace("12345", "+5"), /"\+5"/],
    ["the hawser version URL", VALID.replace("git-lfs.github.com", "hawser.github.com"), /old version/],
    ["size 0 written out", VALID.replace("12345", "0"), /empty file/],
    ["an extension before version", `ext-0-foo sha256:${"f".repeat(64)}\n${VALID}`, /version line/],
    ["1024 bytes or more (git-lfs reads the first 1024)", `${VALID}${" ".repeat(1100)}`, /1230 bytes/],
  ])("accepts %s, but says how it is not canonical", (_, text, reason) => {
    const parsed = parsePointer(text);
    expect(parsed.kind).toBe("pointer");
    expect(parsed.kind === "pointer" && parsed.noncanonical).toMatch(reason);
  });

  it.each([
    ["a wrong version", VALID.replace("spec/v1", "spec/v2"), /version "https:\/\/git-lfs.github.com\/spec\/v2"/],
    ["a line after size", `${VALID}this is the model\n`, /after its size line: "this is the model"/],
    ["an unknown key", VALID.replace("oid ", "wat wat\noid "), /"wat" where git-lfs expects "oid"/],
    ["keys out of order", `version https://git-lfs.github.com/spec/v1\nsize 12345\noid sha256:${OID}\n`, /"size" where git-lfs expects "oid"/],
    ["uppercase hex", VALID.replace(OID, OID.toUpperCase()), /lowercase hex/],
    ["a short oid", VALID.replace(OID, OID.slice(2)), /oid/],
    ["a non-decimal size", VALID.replace("12345", "12,345"), /size "12,345"/],
    ["a size past 2^63-1", VALID.replace("12345", "9223372036854775808"), /2\^63-1/],
    ["a missing size", `version https://git-lfs.github.com/spec/v1\noid sha256:${OID}\n`, /no size line/],
    ["two spaces", VALID.replace("size 12345", "size  12345"), /size " 12345"/],
    ["a two-digit extension priority", VALID.replace("oid ", `ext-10-foo sha256:${"f".repeat(64)}\noid `), /"ext-10-foo"/],
    ["an extension that is not sha256", VALID.replace("oid ", "ext-0-foo sha1:abc\noid "), /extension ext-0-foo/],
    ["two extensions of one priority", VALID.replace("oid ", `ext-0-a sha256:${"f".repeat(64)}\next-0-b sha256:${"f".repeat(64)}\noid `), /priority 0/],
    ["a byte-order mark", `\ufeff${VALID}`, /byte-order mark/],
    ["junk past 1024 bytes' worth of pointer", `${VALID}${"#".repeat(1500)}\n`, /not "key value": "###/],
    ["version not first", `oid sha256:${OID}\nversion https://git-lfs.github.com/spec/v1\nsize 1\n`, /"oid" where git-lfs expects "version"/],
  ])("calls %s malformed, saying why", (_, text, reason) => {
    const parsed = parsePointer(text);
    expect(parsed.kind).toBe("malformed");
    expect(parsed.kind === "malformed" && parsed.reason).toMatch(reason);
  });

  it.each([
    ["ordinary text", "hello world\n"],
    ["a README that mentions git-lfs", "We use git-lfs for assets.\nversion 2 of the docs\n"],
    ["binary", Buffer.from([0, 1, 2, 3])],
    ["whitespace only", " \n\t\n"],
  ])("says %s is not a pointer", (_, text) => {
    expect(parsePointer(text).kind).toBe("none");
  });

  it("takes an empty blob for git-lfs's empty pointer, as git-lfs does", () => {
    expect(parsePointer("")).toEqual({ kind: "pointer", pointer: { version: "https://git-lfs.github.com/spec/v1", oid: "", size: 0n, extensions: [] } });
  });

  it("looks past Go's whitespace (UTF-8 no-break and ideographic spaces), not past a lone 0xA0", () => {
    expect(parsePointer(Buffer.from(`\u00a0\u3000${VALID}`, "utf8")).kind).toBe("pointer");
    expect(parsePointer(latin1(`\xa0${VALID}`)).kind).not.toBe("pointer");
  });

  it("the fast first-byte check lets through every run of Go's whitespace before a pointer", () => {
    // unicode.IsSpace: ASCII \t-\r and space, U+0085, U+00A0, U+1680, U+2000-U+200A, U+2028/9, U+202F, U+205F, U+3000.
    const goSpaces = ["\t", "\n", "\v", "\f", "\r", " ", "\u0085", "\u00a0", "\u1680", "\u2028", "\u2029", "\u202f", "\u205f", "\u3000"];
    for (let c = 0x2000; c <= 0x200a; c++) goSpaces.push(String.fromCharCode(c));
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...goSpaces), { maxLength: 12 }), fc.array(fc.constantFrom(...goSpaces), { maxLength: 12 }), (before, after) => {
        const text = Buffer.from(`${before.join("")}${VALID}${after.join("")}`, "utf8");
        expect(parsePointer(text).kind).toBe("pointer");
      }),
    );
  });

  it("round-trips any oid and size through formatPointer", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9a-f]{64}$/), fc.bigInt({ min: 1n, max: 2n ** 63n - 1n }), (oid, size) => {
        expect(parsePointer(formatPointer(oid, size))).toEqual({ kind: "pointer", pointer: { version: "https://git-lfs.github.com/spec/v1", oid, size, extensions: [] } });
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
