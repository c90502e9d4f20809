import { hasGitLfs } from "@ballast/test-utils";
import { describe, expect, it } from "vitest";
import { parsePointer } from "../../src/lfs/pointer.js";
import { checkOne, type LfsVerdict } from "./git-lfs-oracle.js";

/**
 * git-lfs's own test vectors (lfs/pointer_test.go, t/t-pointer.sh) and the classes issue 11
 * measured, each with git-lfs 3.x's verdict written down: ballast must give it, and, where
 * git-lfs is installed, the binary must too (so the written verdicts cannot drift).
 */
const OID = "4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393";
const F = "f".repeat(64);
const B = "b".repeat(64);
const A = "a".repeat(64);
const V = "version https://git-lfs.github.com/spec/v1";
const BODY = `${V}\noid sha256:${OID}\nsize 12345`;
const CANONICAL = `${BODY}\n`;
const EXTS = `${V}\next-0-foo sha256:${F}\next-1-bar sha256:${B}\next-2-baz sha256:${A}\noid sha256:${OID}\nsize 12345`;

const YES: LfsVerdict = { pointer: true, canonical: true };
const WORKS: LfsVerdict = { pointer: true, canonical: false };
const NO: LfsVerdict = { pointer: false, canonical: false };

/** Texts are UTF-8, as pointer_test.go's strings and t-pointer.sh's files are; a Buffer is bytes as they are. */
const vectors: Array<[string, string | Buffer, LfsVerdict]> = [
  // lfs/pointer_test.go
  ["TestDecode (no final LF)", BODY, WORKS],
  ["TestDecodeExtensions", EXTS, WORKS],
  ["TestDecodeExtensionsSort", `${V}\next-2-baz sha256:${A}\next-0-foo sha256:${F}\next-1-bar sha256:${B}\noid sha256:${OID}\nsize 12345`, WORKS],
  ["TestDecodePreRelease (hawser)", BODY.replace("git-lfs.github.com", "hawser.github.com"), WORKS],
  ["TestDecodeTinyFile", "this is not a git-lfs file!", NO],
  ["TestDecodeInvalid: invalid stuff", "invalid stuff", NO],
  ["TestDecodeInvalid: no sha", "# git-media", NO],
  ["TestDecodeInvalid: bad oid", BODY.replace(OID, "boom"), NO],
  ["TestDecodeInvalid: bad oid type", BODY.replace("sha256:", "shazam:"), NO],
  ["TestDecodeInvalid: no oid", `${V}\nsize 12345`, NO],
  ["TestDecodeInvalid: bad version", BODY.replace("https://git-lfs.github.com/spec/v1", "http://git-media.io/v/whatever"), NO],
  ["TestDecodeInvalid: no version", `oid sha256:${OID}\nsize 12345`, NO],
  ["TestDecodeInvalid: bad size", BODY.replace("12345", "fif"), NO],
  ["TestDecodeInvalid: no size", `${V}\noid sha256:${OID}`, NO],
  ["TestDecodeInvalid: key=value", `version=https://git-lfs.github.com/spec/v1\noid=sha256:${OID}\nsize=fif`, NO],
  ["TestDecodeInvalid: no git-media", `version=http://wat.io/v/2\noid=sha256:${OID}\nsize=fif`, NO],
  ["TestDecodeInvalid: extra key", `${BODY}\nwat wat`, NO],
  ["TestDecodeInvalid: keys out of order", `${V}\nsize 12345\noid sha256:${OID}`, NO],
  ["TestDecodeInvalid: bad ext name", EXTS.replace("ext-0-foo", "ext-0-$$$$"), NO],
  ["TestDecodeInvalid: bad ext priority", EXTS.replace("ext-0-foo", "ext-#-foo"), NO],
  ["TestDecodeInvalid: duplicate ext priority", EXTS.replace("ext-1-bar", "ext-0-bar"), NO],
  ["TestDecodeInvalid: ext priority over 9", EXTS.replace("ext-0-foo", "ext-10-foo"), NO],
  ["TestDecodeInvalid: bad ext oid", EXTS.replace(`ext-0-foo sha256:${F}`, "ext-0-foo sha256:boom"), NO],
  ["TestDecodeInvalid: bad ext oid type", EXTS.replace(`ext-0-foo sha256:`, "ext-0-foo boom:"), NO],
  // t/t-pointer.sh (`echo` adds the final LF)
  ["t-pointer: valid pointer", `${V}\noid sha256:6c17f2007cbe934aee6e309b28b2dba3c119c5dff2ef813ed124699efe319868\nsize 7\n`, YES],
  ["t-pointer: not a pointer", "not a pointer\n", NO],
  ["t-pointer: not-a-pointer", "not-a-pointer\n", NO],
  ["t-pointer: empty file", "", YES],
  ["t-pointer: size 0 pointer", `${V}\noid sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\nsize 0\n`, WORKS],
  ["t-pointer: CRLF endings", CANONICAL.replace(/\n/g, "\r\n"), WORKS],
  // issue 11: git-lfs does not decode these...
  ["a line after size", `${CANONICAL}this is the model\n`, NO],
  ["an unknown key before oid", CANONICAL.replace("oid ", "foo bar\noid "), NO],
  ["an unknown key between oid and size", CANONICAL.replace("size ", "oid2 x\nsize "), NO],
  ["uppercase hex", CANONICAL.replace(OID, OID.toUpperCase()), NO],
  ["a size past 2^63-1", CANONICAL.replace("12345", "9223372036854775808"), NO],
  ["a negative size", CANONICAL.replace("12345", "-5"), NO],
  ["a byte-order mark", `\ufeff${CANONICAL}`, NO],
  ["a lone 0xA0 byte (no-break space in latin1, not UTF-8)", Buffer.from(`\xa0${CANONICAL}`, "latin1"), NO],
  // ...and does decode these (ballast warns where LFS tracks the path).
  ["surrounding whitespace", `  \n\t${CANONICAL}  \n\n`, WORKS],
  ["a leading blank line", `\n${CANONICAL}`, WORKS],
  ["blank lines inside", CANONICAL.replace("\noid", "\n\n\r\noid"), WORKS],
  ["size +5", CANONICAL.replace("12345", "+5"), WORKS],
  ["size -0", CANONICAL.replace("12345", "-0"), WORKS],
  ["size 2^63-1", CANONICAL.replace("12345", "9223372036854775807"), YES],
  ["an extension before version", `ext-0-foo sha256:${F}\n${CANONICAL}`, WORKS],
  ["ext-0-Foo and ext-1-foo_bar, as git-lfs writes them", CANONICAL.replace("oid ", `ext-0-Foo sha256:${F}\next-1-foo_bar sha256:${B}\noid `), YES],
  ["the same ext key twice, the first value bad", CANONICAL.replace("oid ", `ext-0-foo boom\next-0-foo sha256:${F}\noid `), WORKS],
  ["a UTF-8 no-break space and ideographic space around it", `\u00a0${CANONICAL}\u3000`, WORKS],
  ["padding past 1024 bytes (git-lfs reads 1024)", `${CANONICAL}${" ".repeat(1100)}junk\n`, WORKS],
];

const bytes = (text: string | Buffer) => (typeof text === "string" ? Buffer.from(text, "utf8") : text);

describe("pointer test vectors (git-lfs's own, and issue 11's classes)", () => {
  it.each(vectors)("ballast: %s", (_, text, expected) => {
    const parsed = parsePointer(bytes(text));
    expect({ pointer: parsed.kind === "pointer", canonical: parsed.kind === "pointer" && !parsed.noncanonical }).toEqual(expected);
  });

  it.skipIf(!hasGitLfs())("the git-lfs binary gives every written verdict (needs git-lfs)", () => {
    const actual = vectors.map(([name, text]) => [name, checkOne(bytes(text))]);
    expect(actual).toEqual(vectors.map(([name, , expected]) => [name, expected]));
  });

  it("decodes TestDecodeExtensionsSort's extensions sorted by priority, names as written", () => {
    const parsed = parsePointer(vectors[2]![1]);
    expect(parsed.kind === "pointer" && parsed.pointer).toEqual({
      version: "https://git-lfs.github.com/spec/v1",
      oid: OID,
      size: 12345n,
      extensions: [
        { name: "foo", priority: 0, oid: F },
        { name: "bar", priority: 1, oid: B },
        { name: "baz", priority: 2, oid: A },
      ],
    });
  });
});
