import { describe, expect, it } from "vitest";
import { ancestors, parseBatchAnswers } from "../../src/range/attributes.js";
import { parseLogRaw } from "../../src/range/introduced.js";
import { parseObjectLine, revisionArgs } from "../../src/range/revlist.js";
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
    expect(revisionArgs({ include: [], exclude: [], all: true })).toEqual({ args: ["--stdin", "--all"], input: "" });
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

describe("attribute lookup folders", () => {
  it("lists the top and every folder above a path", () => {
    expect(ancestors("a/b/c.bin")).toEqual(["", "a", "a/b"]);
    expect(ancestors("top.bin")).toEqual([""]);
  });
});

describe("cat-file --batch answers, in input order (captured from git 2.39)", () => {
  // printf 'HEAD:.gitattributes\nHEAD:nope/.gitattributes\nHEAD:a.txt\n' | git cat-file --batch
  const CAPTURED = Buffer.from(
    "b6915bee9a06870779e821ba060d82fccbeae9f1 blob 23\n*.bin filter=lfs -text\n\nHEAD:nope/.gitattributes missing\n78981922613b2afb6025042ff6bd878ac1994e85 blob 2\na\n\n",
  );

  it("keeps one answer per name, missing ones as undefined", () => {
    const answers = parseBatchAnswers(CAPTURED, 3);
    expect(answers).toHaveLength(3);
    expect(answers[0]).toEqual({ object: "b6915bee9a06870779e821ba060d82fccbeae9f1", type: "blob", content: "*.bin filter=lfs -text\n" });
    expect(answers[1]).toBeUndefined();
    expect(answers[2]?.content).toBe("a\n");
  });

  it("reads content that itself contains newlines and header-like text", () => {
    const tricky = "x\n0123456789012345678901234567890123456789 blob 3\n";
    const output = Buffer.from(`${"f".repeat(40)} blob ${Buffer.byteLength(tricky)}\n${tricky}\nname missing\n`);
    expect(parseBatchAnswers(output, 2).map((a) => a?.content)).toEqual([tricky, undefined]);
  });
});
