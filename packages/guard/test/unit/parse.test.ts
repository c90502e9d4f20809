import { describe, expect, it } from "vitest";
import { parseBatchCheck, parseCheckAttr, parseLsFilesStage, parseRawDiff, pathsWithValueLfs, splitNul } from "../../src/git/parse.js";

// Captured from git 2.39 on real repositories.
const RAW_DIFF =
  ":000000 100644 0000000000000000000000000000000000000000 ce013625030ba8dba906f756967f9e9ca394464a A\0a b.txt\0" +
  ":100644 100644 ce013625030ba8dba906f756967f9e9ca394464a 9daeafb9864cf43055ae93beb0afd6c7d144bfa4 M\0dir/new\nline\0" +
  ":100644 120000 9daeafb9864cf43055ae93beb0afd6c7d144bfa4 2e65efe2a145dda7ee51d1741299f848e5bf752e T\0link\0";

describe("git output parsers", () => {
  it("parses diff --raw -z, keeping names with spaces and newlines intact", () => {
    const entries = parseRawDiff(Buffer.from(RAW_DIFF));
    expect(entries.map((e) => [e.status, e.path, e.dstMode])).toEqual([
      ["A", "a b.txt", "100644"],
      ["M", "dir/new\nline", "100644"],
      ["T", "link", "120000"],
    ]);
    expect(entries[0]!.dstObject).toBe("ce013625030ba8dba906f756967f9e9ca394464a");
  });

  it("parses diff --raw -z with non-ASCII names, and stops at a cut-off tail", () => {
    const out = Buffer.from(":000000 100644 0000000000000000000000000000000000000000 ce013625030ba8dba906f756967f9e9ca394464a A\0modèle 🤖.bin\0:000000 100644 00");
    expect(parseRawDiff(out).map((e) => e.path)).toEqual(["modèle 🤖.bin"]);
    expect(parseRawDiff("")).toEqual([]);
  });

  it("picks the paths whose filter is exactly lfs, whatever their names", () => {
    const out = Buffer.from("lfs/a.bin\0filter\0unspecified\0b.bin\0filter\0lfs\0c.bin\0filter\0lfsx\0d\0filter\0set\0é lfs\0filter\0lfs\0x\0filter\0lf");
    expect([...pathsWithValueLfs(out)]).toEqual(["b.bin", "é lfs"]);
  });

  it("parses ls-files -s -z including conflict stages", () => {
    const out = "100644 ce013625030ba8dba906f756967f9e9ca394464a 0\tx\ty\u0000100644 9daeafb9864cf43055ae93beb0afd6c7d144bfa4 2\tz\0";
    expect(parseLsFilesStage(out)).toEqual([
      { mode: "100644", object: "ce013625030ba8dba906f756967f9e9ca394464a", stage: 0, path: "x\ty" },
      { mode: "100644", object: "9daeafb9864cf43055ae93beb0afd6c7d144bfa4", stage: 2, path: "z" },
    ]);
  });

  it("parses check-attr -z triples", () => {
    const out = "a.bin\0filter\0lfs\0b.txt\0filter\0unspecified\0";
    const attrs = parseCheckAttr(out);
    expect(attrs.get("a.bin")).toEqual({ filter: "lfs" });
    expect(attrs.get("b.txt")).toEqual({ filter: "unspecified" });
  });

  it("parses cat-file --batch-check, skipping missing objects", () => {
    const out = "ce013625030ba8dba906f756967f9e9ca394464a blob 6\n1234 missing\n4b825dc642cb6eb9a060e54bf8d69288fbee4904 tree 0\n";
    const info = parseBatchCheck(out);
    expect(info.size).toBe(2);
    expect(info.get("ce013625030ba8dba906f756967f9e9ca394464a")).toEqual({ object: "ce013625030ba8dba906f756967f9e9ca394464a", type: "blob", size: 6 });
  });

  it("splitNul drops only the final empty record", () => {
    expect(splitNul("a\0\0b\0")).toEqual(["a", "", "b"]);
    expect(splitNul("")).toEqual([]);
  });
});
