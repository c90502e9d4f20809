import { ballast, hasGitLfs, type GitDir } from "@ballast/test-utils";
import { describe, expect, it } from "vitest";
import { allBlobs, blobsInTrees, expectedFindings } from "./oracle.js";
import { allowedAndBlocked, deployDroppedTracking, mergeBringsTracking, namesBeforeAttributes, nestedOverTime, pointerOnRemote, twoVersionsOnePath } from "./fixtures.js";

type Json = { findings: Array<{ rule: string; path: string; commit?: string; severity: string }>; summary: { checked: number } };
const KNOWN = new Set(["lfs-pointer-untracked", "lfs-not-pointer", "size"]);

/** `ballast scan --all --json`, as "rule path commit" lines for the rules the oracle knows. */
function scanAll(repo: GitDir): string[] {
  const run = ballast(["scan", "--all", "--json"], { cwd: repo.dir });
  expect(run.code, run.stderr).toBeLessThan(2);
  const json = JSON.parse(run.stdout) as Json;
  return json.findings
    .filter((f) => KNOWN.has(f.rule))
    .map((f) => `${f.rule} ${f.path} ${f.commit}`)
    .sort();
}

function agrees(repo: GitDir, options?: Parameters<typeof expectedFindings>[1]): string[] {
  // The oracle itself must have seen every blob git lists, else it proves nothing.
  expect([...allBlobs(repo)].filter((b) => !blobsInTrees(repo).has(b))).toEqual([]);
  const oracle = expectedFindings(repo, options);
  expect(scanAll(repo)).toEqual(oracle);
  return oracle;
}

const line = (rule: string, path: string, commit: string) => `${rule} ${path} ${commit}`;

describe.skipIf(!hasGitLfs())("scan --all against a plain-git oracle, on histories with real shapes (needs git-lfs)", () => {
  it("a deploy branch that dropped LFS tracking while its pointers stayed: three untracked pointers, no false lfs-not-pointer", () => {
    const { repo, dropped } = deployDroppedTracking();
    expect(agrees(repo)).toEqual(["models/m1.bin", "models/m2.bin", "models/m3.bin"].map((p) => line("lfs-pointer-untracked", p, dropped)));
  });

  it("one blob at an allowed and a blocked path: the size finding is at the blocked path; a later copy adds no weight", () => {
    const { repo, added } = allowedAndBlocked();
    expect(agrees(repo, { allow: ["assets/"] })).toEqual([line("size", "big.dat", added)]);
  });

  it("a pointer re-added as Dockerfile is an untracked pointer where the Dockerfile arrives", () => {
    const { repo } = pointerOnRemote();
    repo.git(["commit", "-q", "--no-verify", "-m", "docker"]);
    const docker = repo.git(["rev-parse", "HEAD"]).stdout.trim();
    expect(agrees(repo)).toEqual([line("lfs-pointer-untracked", "Dockerfile", docker)]);
  });

  it("nested .gitattributes and a macro, changing over time: each file judged with its commit's attributes", () => {
    const { repo, c2, c3, c4, c5 } = nestedOverTime();
    expect(agrees(repo)).toEqual(
      [
        line("lfs-not-pointer", "art/y.psd", c5),
        line("lfs-not-pointer", "data/c.bin", c4),
        line("lfs-not-pointer", "docs/d.bin", c3),
        line("lfs-pointer-untracked", "data/a.bin", c2),
      ].sort(),
    );
  });

  it("a merge that brings in LFS tracking: the real file already on main is not a pointer, at the merge", () => {
    const { repo, merge } = mergeBringsTracking();
    expect(agrees(repo)).toEqual([line("lfs-not-pointer", "assets/logo.bin", merge)]);
  });

  it("files git lists before a .gitattributes of the same commit (\"-x\", \"#\", \".abc\") are judged with that commit's attributes", () => {
    const { repo, c1, c2, c3 } = namesBeforeAttributes();
    expect(agrees(repo)).toEqual(
      [
        ...["#notes.bin", "+plus.bin", "-first.bin", ".abc.bin", "zeta.bin", "sub/#y/z.dat", "sub/-x.dat", "sub/w.dat"].map((p) => line("lfs-not-pointer", p, c1)),
        line("lfs-pointer-untracked", "-p.bin", c2),
        line("lfs-pointer-untracked", ".0.bin", c2),
        line("lfs-not-pointer", "-r.dat", c3),
      ].sort(),
    );
  });

  it("two versions of one path: an error about one blob keeps the other blob's warning", () => {
    const { repo, v1, v2 } = twoVersionsOnePath();
    expect(agrees(repo)).toEqual([line("size", "data.bin", v1), line("size", "data.bin", v2)].sort());
    const json = JSON.parse(ballast(["scan", "--all", "--json"], { cwd: repo.dir }).stdout) as Json;
    expect(json.findings.map((f) => `${f.severity} ${f.commit}`).sort()).toEqual([`error ${v1}`, `warning ${v2}`].sort());
  });
});
