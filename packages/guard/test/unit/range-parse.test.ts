import { describe, expect, it } from "vitest";
import { parseLogRaw } from "../../src/range/introduced.js";
import { parseObjectLine, revisionArgs } from "../../src/range/revlist.js";
import { parseEntry, WalkParser } from "../../src/range/walk.js";
import { isDeletion, isRemoteName, isZeroOid, parseRefUpdates } from "../../src/range/updates.js";

const A = "67c1e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7";
const B = "0a9b3f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8";
const Z40 = "0".repeat(40);
const Z64 = "0".repeat(64);
const S256 = "a".repeat(64);

describe("pre-push stdin (githooks(5): <local ref> <local sha> <remote ref> <remote sha>)", () => {
  it("parses updates, new branches (40 or 64 zeros) and deletions", () => {
    const text = [
      `refs/heads/main ${A} refs/heads/main ${B}`,
      `refs/heads/new ${A} refs/heads/new ${Z40}`,
      `(delete) ${Z40} refs/heads/old ${B}`,
      `refs/heads/sha256 ${S256} refs/heads/sha256 ${Z64}`,
      "",
    ].join("\n");
    const { updates, problems } = parseRefUpdates(text);
    expect(problems).toEqual([]);
    expect(updates.map((u) => [u.localRef, isDeletion(u), isZeroOid(u.remoteSha)])).toEqual([
      ["refs/heads/main", false, false],
      ["refs/heads/new", false, true],
      ["(delete)", true, false],
      ["refs/heads/sha256", false, true],
    ]);
  });

  it("reports a line it cannot read, with its number", () => {
    const { updates, problems } = parseRefUpdates(`refs/heads/main ${A} refs/heads/main\nnonsense\n`);
    expect(updates).toEqual([]);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^line 1: /);
  });

  it("accepts empty input (nothing to push) and CRLF line ends", () => {
    expect(parseRefUpdates("").updates).toEqual([]);
    expect(parseRefUpdates(`refs/heads/main ${A} refs/heads/main ${B}\r\n`).updates).toHaveLength(1);
  });

  it("tells a remote name from a URL", () => {
    expect(isRemoteName("origin")).toBe(true);
    expect(isRemoteName("my-fork.2")).toBe(true);
    expect(isRemoteName("file:///srv/repo.git")).toBe(false);
    expect(isRemoteName("/srv/repo.git")).toBe(false);
    expect(isRemoteName("git@github.com:o/r.git")).toBe(false);
  });
});

describe("rev-list --objects lines", () => {
  it("tells commits (no name) from blobs (a path, spaces kept)", () => {
    expect(parseObjectLine(A)).toEqual({ object: A });
    expect(parseObjectLine(`${B} models/nlu model.tar.gz`)).toEqual({ object: B, path: "models/nlu model.tar.gz" });
    expect(parseObjectLine("")).toBeUndefined();
  });

  it("passes revisions on stdin, with the remote's tracking refs excluded", () => {
    expect(revisionArgs({ include: [A], exclude: [B], remote: "origin" })).toEqual({ args: ["--stdin", "--not", "--remotes=origin"], input: `${A}\n^${B}\n` });
    // --all: every ref but ballast's own (migrate's backups, never pushed).
    expect(revisionArgs({ include: [], exclude: [], all: true })).toEqual({ args: ["--stdin", "--exclude=refs/ballast/*", "--all"], input: "" });
    // git reads stdin when it meets --stdin, so --ignore-missing has to come first.
    expect(revisionArgs({ include: [A], exclude: [B], ignoreMissing: true }).args).toEqual(["--ignore-missing", "--stdin"]);
  });
});

describe("git log --raw -z --format=format:%H (captured from git 2.39, with -m on a merge)", () => {
  // Commits: one (a.txt), side ("s p.bin"), main (m.txt), then the merge shown against each parent.
  const CAPTURED =
    "af413b9dfd122020c39a4c8e8c6254723beb704c\n:000000 100644 0000000000000000000000000000000000000000 78981922613b2afb6025042ff6bd878ac1994e85 A\x00a.txt\x00\x00" +
    "2c740c4f64aa0f6c27f538935757c270732ff25d\n:000000 100644 0000000000000000000000000000000000000000 b4785957bc986dc39c629de9fac9df46972c00fc A\x00s p.bin\x00\x00" +
    "74056026979d02da3c9ce76882c2e942e9d5eb6c\n:000000 100644 0000000000000000000000000000000000000000 28ce6a8b26aa170e1de65536fe8abe1832bd3242 A\x00m.txt\x00\x00" +
    "41894ed057c004287618ea4dad2b7db7b661ef8a\n:000000 100644 0000000000000000000000000000000000000000 b4785957bc986dc39c629de9fac9df46972c00fc A\x00s p.bin\x00\x00" +
    "41894ed057c004287618ea4dad2b7db7b661ef8a\n:000000 100644 0000000000000000000000000000000000000000 28ce6a8b26aa170e1de65536fe8abe1832bd3242 A\x00m.txt\x00";

  it("yields (commit, path, new blob) in order, oldest first", () => {
    const entries = parseLogRaw(CAPTURED);
    expect(entries.map((e) => [e.commit.slice(0, 7), e.path])).toEqual([
      ["af413b9", "a.txt"],
      ["2c740c4", "s p.bin"],
      ["7405602", "m.txt"],
      ["41894ed", "s p.bin"],
      ["41894ed", "m.txt"],
    ]);
    expect(entries[1]!.object).toBe("b4785957bc986dc39c629de9fac9df46972c00fc");
  });

  it("reads several entries under one commit", () => {
    const two = `${A}\n:000000 100644 ${Z40} ${B} A\x00x\x00:100644 100644 ${B} ${A} M\x00y\x00`;
    expect(parseLogRaw(two).map((e) => `${e.path}:${e.object.slice(0, 4)}`)).toEqual(["x:0a9b", "y:67c1"]);
    expect(parseLogRaw("")).toEqual([]);
  });
});

describe("git log -c --raw -z --format=format:'%H %P' (captured from git 2.39: two branches and an evil merge)", () => {
  const CAPTURED =
    "2b1d92d0bd8a6632d6e2b000256c77d55a7de770 \n:000000 100644 0000000000000000000000000000000000000000 78981922613b2afb6025042ff6bd878ac1994e85 A\x00a\x00\x00" +
    "0728b9b7012f0bd45635a0bd7f12bf099fbbd9db 2b1d92d0bd8a6632d6e2b000256c77d55a7de770\n:000000 100644 0000000000000000000000000000000000000000 f2ad6c76f0115a6ba5b00456a849810e7ec0af20 A\x00c\x00\x00" +
    "4c28418f2a46e307989b7adb68ecd7c2d9ac5b7b 2b1d92d0bd8a6632d6e2b000256c77d55a7de770\n:000000 100644 0000000000000000000000000000000000000000 61780798228d17af2d34fce4cfbdf35556832472 A\x00b\x00\x00" +
    "3e850e784c9187861983c26e694fad6799ff1d44 0728b9b7012f0bd45635a0bd7f12bf099fbbd9db 4c28418f2a46e307989b7adb68ecd7c2d9ac5b7b\x00" +
    "::100644 100644 100644 78981922613b2afb6025042ff6bd878ac1994e85 78981922613b2afb6025042ff6bd878ac1994e85 c1827f07e114c20547dc6a7296588870a4b5b62c MM\x00a\x00" +
    "::000000 000000 100644 0000000000000000000000000000000000000000 0000000000000000000000000000000000000000 53c74cd6c8f3911ae716f60f9b79f575aab0e975 AA\x00x\x00" +
    // An empty commit last (no entries), as `git commit --allow-empty` makes.
    `\x00${A} 3e850e784c9187861983c26e694fad6799ff1d44`;

  function parse(chunks: Buffer[]): string[] {
    const seen: string[] = [];
    const parser = new WalkParser({
      commit: (sha, parents) => seen.push(`${sha.slice(0, 4)}<${parents.map((p) => p.slice(0, 4)).join(",")}`),
      entry: (path, mode, object, status) => seen.push(`${status} ${mode} ${object.slice(0, 4)} ${path}`),
    });
    for (const chunk of chunks) parser.push(chunk);
    parser.end();
    return seen;
  }

  const EXPECTED = [
    "2b1d<",
    "A 100644 7898 a",
    "0728<2b1d",
    "A 100644 f2ad c",
    "4c28<2b1d",
    "A 100644 6178 b",
    "3e85<0728,4c28",
    "MM 100644 c182 a",
    "AA 100644 53c7 x",
    "67c1<3e85",
  ];

  it("yields each commit with its parents, then its entries; a merge's entries are the combined ones", () => {
    expect(parse([Buffer.from(CAPTURED)])).toEqual(EXPECTED);
  });

  it("reads the same from a stream cut at every byte", () => {
    const bytes = Buffer.from(CAPTURED);
    expect(parse([...bytes].map((b) => Buffer.from([b])))).toEqual(EXPECTED);
  });

  it("reads a deletion and a path with spaces and a newline", () => {
    const text = `${A} ${B}\n:100644 000000 ${B} ${Z40} D\x00gone.txt\x00:000000 100644 ${Z40} ${B} A\x00a b\nc.bin\x00`;
    expect(parse([Buffer.from(text)])).toEqual(["67c1<0a9b", "D 000000 0000 gone.txt", "A 100644 0a9b a b\nc.bin"]);
  });

  it("reads a non-ASCII path as UTF-8, also when a chunk ends inside one of its characters", () => {
    const bytes = Buffer.from(`${A} ${B}\n:000000 100644 ${Z40} ${B} A\x00modèles/ñandú ✓.bin\x00`);
    const expected = ["67c1<0a9b", "A 100644 0a9b modèles/ñandú ✓.bin"];
    expect(parse([bytes])).toEqual(expected);
    // Every cut, one inside each multi-byte character among them.
    for (let cut = 1; cut < bytes.length; cut++) expect(parse([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual(expected);
  });

  it("splits one-parent and combined entry headers", () => {
    expect(parseEntry(`:100644 100755 ${A} ${B} M`)).toEqual({ mode: "100755", object: B, status: "M" });
    expect(parseEntry(`::100644 100644 100644 ${A} ${A} ${B} MM`)).toEqual({ mode: "100644", object: B, status: "MM" });
    expect(parseEntry(":nonsense")).toBeUndefined();
  });

  it("reads one-parent entries of both hash lengths and any mode or status, and refuses broken ones", () => {
    expect(parseEntry(`:000000 100644 ${Z40} ${A} A`)).toEqual({ mode: "100644", object: A, status: "A" });
    expect(parseEntry(`:100644 000000 ${A} ${Z40} D`)).toEqual({ mode: "000000", object: Z40, status: "D" });
    expect(parseEntry(`:100644 120000 ${Z64} ${S256} T`)).toEqual({ mode: "120000", object: S256, status: "T" });
    // Not one of the shared strings: read as it is.
    expect(parseEntry(`:100644 100664 ${A} ${B} X`)).toEqual({ mode: "100664", object: B, status: "X" });
    expect(parseEntry(`:100644 100644 ${A}${B} M`)).toBeUndefined();
    expect(parseEntry(`:100644 100644 ${A} ${B}`)).toBeUndefined();
  });
});
