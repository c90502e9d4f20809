import fc from "fast-check";

/**
 * Pointer-like texts for the differential test against git-lfs: valid pointers (with
 * extensions, old version URLs, sizes up to and past 2^63−1), then the same mutated the
 * ways people and tools break them (the classes issue 11 measured and more), plus noise.
 * Texts are latin1 strings: one char per byte, so a UTF-8 space is spelled "\xc2\xa0".
 */

const LATEST = "https://git-lfs.github.com/spec/v1";
const hex = (n: number) => fc.uint8Array({ minLength: n, maxLength: n }).map((b) => Buffer.from(b).toString("hex"));
const hex64 = hex(32);
const pick = <T>(...values: T[]) => fc.constantFrom(...values);

const size = fc.oneof(
  fc.bigInt({ min: 1n, max: 1n << 40n }).map(String),
  pick("0", "1", "12345", "9007199254740993", "9223372036854775807", "9223372036854775808", "18446744073709551616"),
);
const extName = pick("foo", "Foo", "foo_bar", "a1", "foo-bar", "x.y", "$$", "", "git-lfs", "é");
const extValue = fc.oneof(
  { weight: 4, arbitrary: hex64.map((h) => `sha256:${h}`) },
  pick("sha256:boom", "sha1:0123456789abcdef0123456789abcdef01234567", "", "sha256:"),
  hex64.map((h) => `sha256:${h.toUpperCase()}`),
  hex64.map((h) => `SHA256:${h}`),
);
const extLine = fc.tuple(fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 0, max: 9 }) }, fc.integer({ min: 10, max: 12 })), extName, extValue).map(([p, n, v]) => `ext-${p}-${n} ${v}`);

/** A pointer as lines, canonical unless the version is an old alias. */
const pointerLines = fc
  .record({
    version: fc.oneof({ weight: 6, arbitrary: fc.constant(LATEST) }, pick("https://hawser.github.com/spec/v1", "http://git-media.io/v/2")),
    exts: fc.oneof(
      { weight: 2, arbitrary: fc.constant([]) },
      fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: 9 }), pick("foo", "Foo", "foo_bar", "bar2"), hex64), { maxLength: 3, selector: ([p]) => p }),
    ),
    oid: hex64,
    size,
  })
  .map(({ version, exts, oid, size }) => [
    `version ${version}`,
    ...exts.sort(([a], [b]) => a - b).map(([p, n, h]) => `ext-${p}-${n} sha256:${h}`),
    `oid sha256:${oid}`,
    `size ${size}`,
  ]);

const junkLine = pick("this is the model", "wat wat", "", " ", "\t", "\r", "size 5", "oid sha256:abc", "version https://git-lfs.github.com/spec/v1", "x");
const keyLine = fc.tuple(pick("wat", "foo", "Version", "OID", "ext", "ext-", "ext-a-foo", "ext-0-", "ext-0-$$", "ext-1-foo.bar", "x-y", "version", "size", "oid"), pick("wat", "5", "sha256:boom")).map(([k, v]) => `${k} ${v}`);
const versionValue = pick(`${LATEST} `, "https://git-lfs.github.com/spec/v2", "https://git-lfs.github.com/spec/v1/", "HTTPS://GIT-LFS.GITHUB.COM/SPEC/V1", "", ` ${LATEST}`, "https://hawser.github.com/spec/v1");
const oidValue = fc.oneof(
  hex64.map((h) => `sha256:${h.toUpperCase()}`),
  hex64.map((h) => `sha256:${h.slice(0, 10).toUpperCase()}${h.slice(10)}`),
  hex64.map((h) => `sha256:${h.slice(1)}`),
  hex64.map((h) => `sha256:${h}a`),
  hex64.map((h) => `sha256:${h} `),
  hex64.map((h) => ` sha256:${h}`),
  hex64.map((h) => h),
  hex64.map((h) => `sha512:${h}`),
);
const sizeValue = pick("+5", "-0", "+0", "-5", "007", "5 ", " 5", "0x10", "1e3", "", "1_000", "\u0663", "5\t", "9223372036854775807", "9223372036854775808", "-9223372036854775808", "99999999999999999999", "12,345");
const space = pick(" ", "  ", "\t", "\n", "\r\n", "\v", "\f", "\n\n", "\xc2\xa0", "\xa0", "\xe3\x80\x80", "\xe2\x80\x82", "\xc2\x85", "\xef\xbb\xbf", "\x00");
const noise = pick("\n", "\r", " ", "\t", "\0", "A", "F", "g", "0", "9", "-", ".", ":", "+", "\xff", "x");

type Edit = (lines: string[]) => string[];
const at = (n: number, lines: string[]) => n % (lines.length + 1);
const put = (lines: string[], i: number, line: string) => [...lines.slice(0, i), line, ...lines.slice(i)];
const set = (key: string, value: string): Edit => (lines) => lines.map((l) => (l.startsWith(`${key} `) ? `${key} ${value}` : l));

/** A key git-lfs does not allow there, put where a sorted-keys reading would accept it. */
const sortedExtra = fc.tuple(pick("a", "foo", "oid2", "this", "wat", "zzz", "ext-10-foo", "ext-0-bar", "ext-1-foo", "ext-2-foo"), extValue, pick("wat", "is the model"));
const insertSorted: fc.Arbitrary<Edit> = fc.tuple(sortedExtra, fc.boolean()).map(([[key, ext, word], sha]): Edit => (lines) => {
  const line = `${key} ${sha || key.startsWith("ext-") ? ext : word}`;
  const i = lines.findIndex((l, n) => n > 0 && l > line);
  return put(lines, i < 0 ? lines.length : i, line);
});

const lineEdit: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 3, arbitrary: insertSorted },
  { weight: 2, arbitrary: fc.oneof(junkLine, keyLine).map((line): Edit => (lines) => [...lines, line]) },
  { weight: 2, arbitrary: fc.tuple(fc.nat(), fc.oneof(keyLine, junkLine, extLine)).map(([n, line]): Edit => (lines) => put(lines, at(n, lines), line)) },
  fc.nat().map((n): Edit => (lines) => put(lines, at(n, lines), lines[n % lines.length]!)),
  fc.tuple(fc.nat(), fc.nat()).map(([a, b]): Edit => (lines) => {
    const out = [...lines];
    [out[a % out.length], out[b % out.length]] = [out[b % out.length]!, out[a % out.length]!];
    return out;
  }),
  fc.nat().map((n): Edit => (lines) => lines.filter((_, i) => i !== n % lines.length)),
  versionValue.map((v) => set("version", v)),
  oidValue.map((v) => set("oid", v)),
  sizeValue.map((v) => set("size", v)),
  fc.tuple(fc.nat(), pick("  ", "\t", "=")).map(([n, sep]): Edit => (lines) => lines.map((l, i) => (i === n % lines.length ? l.replace(" ", sep) : l))),
);

type Finish = (text: string) => string;
const textEdit: fc.Arbitrary<Finish> = fc.oneof(
  fc.constant<Finish>((t) => t.replace(/\n/g, "\r\n")),
  fc.nat().map((n): Finish => (t) => t.replace(/\n/g, (m, i: number) => ((i + n) % 3 === 0 ? "\r\n" : m))),
  fc.constant<Finish>((t) => t.replace(/\n/g, "\r")),
  fc.constant<Finish>((t) => t.slice(0, -1)),
  space.map((s): Finish => (t) => s + t),
  space.map((s): Finish => (t) => t + s),
  fc.tuple(fc.integer({ min: 900, max: 1400 }), pick("", "junk\n", "size 5\n")).map(([n, tail]): Finish => (t) => t + " ".repeat(n) + tail),
  fc.integer({ min: 1, max: 30 }).map((n): Finish => (t) => t.replace(/^(version [^\n]*\n)/, `$1ext-0-${"n".repeat(n * 40)} sha256:${"a".repeat(64)}\n`)),
  fc.tuple(fc.nat(), noise, pick("replace", "insert", "delete")).map(([n, ch, how]): Finish => (t) => {
    const i = n % (t.length + 1);
    return t.slice(0, i) + (how === "delete" ? "" : ch) + t.slice(how === "insert" ? i : i + 1);
  }),
);

const edited = (edits: fc.Arbitrary<Edit[]>, finishes: fc.Arbitrary<Finish[]>) =>
  fc.tuple(pointerLines, edits, finishes).map(([lines, e, f]) => f.reduce((t, finish) => finish(t), `${e.reduce((l, edit) => edit(l), lines).join("\n")}\n`));

/** Mostly one mistake at a time (each class on its own), sometimes several at once. */
const mutated = fc.oneof(
  { weight: 4, arbitrary: edited(fc.tuple(lineEdit), fc.constant([])) },
  { weight: 3, arbitrary: edited(fc.constant([]), fc.tuple(textEdit)) },
  { weight: 2, arbitrary: edited(fc.tuple(lineEdit), fc.tuple(textEdit)) },
  { weight: 1, arbitrary: edited(fc.array(lineEdit, { maxLength: 3 }), fc.array(textEdit, { maxLength: 2 })) },
);

/** Valid pointers (a fifth), mutated ones, and noise that only sometimes names git-lfs. */
export const pointerText: fc.Arbitrary<string> = fc.oneof(
  { weight: 2, arbitrary: pointerLines.map((l) => `${l.join("\n")}\n`) },
  { weight: 7, arbitrary: mutated },
  { weight: 1, arbitrary: fc.oneof(fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString("latin1")), fc.array(fc.oneof(keyLine, junkLine, extLine, noise), { maxLength: 6 }).map((l) => l.join("\n"))) },
);
