import { describe, expect, it } from "vitest";
import { parseLsTreeLong } from "../../src/git/committed.js";

// Captured from git 2.39: `git ls-tree -z --long HEAD` in a repository with a file whose
// name holds a comma and a colon, a symlink and a folder.
const CAPTURED =
  "100644 blob 60c8d8ab2adcf57a391163a7eeb0cdb8bf348e44     130\tDockerfile\0" +
  "100644 blob 0c201b0e5e0df26f8c568b52b0294ef3fa52d37c 3000000\tbig,one:x.bin\0" +
  "120000 blob c1b0730e0133447badcfd47fd144e254807b06e1       1\tlnk\0" +
  "040000 tree c956b7a48038a889b1c9257b5bcc1dd93186e362       -\tsub\0";

describe("parseLsTreeLong", () => {
  it("reads regular files with their padded sizes, and skips symlinks and folders", () => {
    expect(parseLsTreeLong(CAPTURED)).toEqual([
      { name: "Dockerfile", object: "60c8d8ab2adcf57a391163a7eeb0cdb8bf348e44", size: 130 },
      { name: "big,one:x.bin", object: "0c201b0e5e0df26f8c568b52b0294ef3fa52d37c", size: 3_000_000 },
    ]);
  });

  it("keeps a tab in a file name (only the first tab separates)", () => {
    expect(parseLsTreeLong("100755 blob 60c8d8ab2adcf57a391163a7eeb0cdb8bf348e44      12\ta\tb.json\0")[0]!.name).toBe("a\tb.json");
  });
});
