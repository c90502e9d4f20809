import { ballast, gitdir, pseudoRandom } from "@ballast/test-utils";
import { describe, expect, it } from "vitest";
import { history } from "./range-fixture.js";

describe("ballast audit", () => {
  it("lists the largest blobs with the commits that added them, totals, and fixes, as JSON", () => {
    const { repo, added } = history();
    repo.commit("pointer and reference", {
      "lfs/model.bin": "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n",
      "models/nlu.tar.gz.ballast": `${JSON.stringify({ ballast: 1, path: "nlu.tar.gz", sha256: "b".repeat(64), size: 9 }, null, 2)}\n`,
    });
    const run = ballast(["audit", "--json", "--top", "3"], { cwd: repo.dir });
    expect(run.code).toBe(0);
    const audit = (JSON.parse(run.stdout) as { audit: Record<string, any> }).audit;
    expect(audit.largest).toHaveLength(3);
    expect(audit.largest[0]).toMatchObject({ path: "data/blob.bin", size: 2_000_000, commit: added, kind: "binary" });
    expect(audit.largest[0].fixes).toEqual(["git lfs migrate import --everything --include='*.bin'", "git filter-repo --invert-paths --path data/blob.bin"]);
    // The LFS pointer is a .bin too.
    expect(audit.byExtension[0]).toMatchObject({ name: ".bin", blobs: 2 });
    expect(audit.byFolder[0]).toMatchObject({ name: "data" });
    expect(audit.binaries).toEqual({ blobs: 1, bytes: 2_000_000 });
    expect(audit.lfsPointers).toEqual({ count: 1, paths: ["lfs/model.bin"] });
    expect(audit.references).toEqual({ count: 1, paths: ["models/nlu.tar.gz.ballast"] });
  });

  it("names a binary under the binary limit what it is (no fix: nothing the config blocks), and counts one blob as one", () => {
    const repo = gitdir({});
    repo.commit("a small archive", { "vendor/pkg.tgz": pseudoRandom(500_000, "tgz") });
    const audit = (JSON.parse(ballast(["audit", "--json"], { cwd: repo.dir }).stdout) as { audit: Record<string, any> }).audit;
    expect(audit.largest[0]).toMatchObject({ path: "vendor/pkg.tgz", kind: "binary", fixes: [] });
    // Binaries over the limit (what the rule counts): none.
    expect(audit.binaries).toEqual({ blobs: 0, bytes: 0 });
    expect(ballast(["audit"], { cwd: repo.dir }).stdout).toMatch(/^ballast audit: 1 blob, /);
  });

  it("prints a table a person can read", () => {
    const { repo } = history();
    const run = ballast(["audit"], { cwd: repo.dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/largest blobs/);
    expect(run.stdout).toMatch(/2 MB\s+binary\s+[0-9a-f]{12}\s+data\/blob\.bin/);
    expect(run.stdout).toContain("by extension");
    expect(run.stdout).toContain("git filter-repo");
  });
});
