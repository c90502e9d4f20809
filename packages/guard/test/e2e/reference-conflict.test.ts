import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { BALLAST_BIN, ballast, gitdir, pseudoRandom, tempDir } from "@ballast/test-utils";
import { describe, expect, it } from "vitest";

// Two branches stow different versions of one model; merging them leaves git's conflict
// markers in the reference, and the path unmerged (where `git restore` and `git checkout --`
// refuse). verify and pull name it, and either printed way out ends with a checkout verify passes.
function conflicted() {
  const store = tempDir("ballast-store-");
  const repo = gitdir({ "README.md": "x\n", "ballast.config.json": JSON.stringify({ store: `file://${store}` }), ".gitignore": "node_modules/\n" });
  mkdirSync(path.join(repo.dir, "node_modules/.bin"), { recursive: true });
  writeFileSync(path.join(repo.dir, "node_modules/.bin/ballast"), `#!/bin/sh\nexec "${process.execPath}" "${BALLAST_BIN}" "$@"\n`, { mode: 0o755 });
  const stowAndCommit = (bytes: Buffer, message: string) => {
    repo.write({ "models/a.bin": bytes });
    expect(ballast(["stow", "models/a.bin"], { cwd: repo.dir }).code).toBe(0);
    repo.git(["commit", "-q", "--no-verify", "-m", message]);
  };
  stowAndCommit(pseudoRandom(1_000_000, "base"), "base");
  repo.git(["checkout", "-q", "-b", "other"]);
  const theirs = pseudoRandom(1_000_000, "theirs");
  stowAndCommit(theirs, "theirs");
  repo.git(["checkout", "-q", "main"]);
  const ours = pseudoRandom(1_000_000, "ours");
  stowAndCommit(ours, "ours");
  expect(repo.git(["merge", "-q", "other"], { allowFail: true }).status).not.toBe(0);
  expect(repo.git(["ls-files", "-u", "--", "models/a.bin.ballast"]).stdout).not.toBe("");
  return { repo, ours, theirs };
}

const sh = (command: string, cwd: string) => spawnSync("sh", ["-c", command], { cwd, encoding: "utf8" });
const commandOf = (fix: string) => fix.slice(0, fix.indexOf(" ("));
const alternativeOf = (fix: string) => fix.slice(fix.indexOf("instead: ") + "instead: ".length, -1);

describe("a reference with merge conflict markers", () => {
  it("verify and pull name it; the fix (this branch's model) works where git restore would refuse", () => {
    const { repo, ours } = conflicted();
    const verify = ballast(["verify", "--json"], { cwd: repo.dir });
    expect(verify.code).toBe(1);
    const finding = (JSON.parse(verify.stdout) as { findings: Array<{ path: string; message: string; fix: string }> }).findings[0]!;
    expect(finding.message).toContain("holds git's merge conflict markers: both branches changed this model");
    expect(finding.fix).toBe("git checkout HEAD -- models/a.bin.ballast (this branch's model; the other branch's instead: git checkout MERGE_HEAD -- models/a.bin.ballast && npx ballast pull --force models/a.bin)");
    const pull = ballast(["pull", "--json"], { cwd: repo.dir });
    expect(pull.code).toBe(2);
    expect((JSON.parse(pull.stdout) as { error: { fix: string } }).error.fix).toBe(finding.fix);
    // What the old fix said, and why it was not one.
    expect(sh("git restore -- models/a.bin.ballast", repo.dir).stderr).toContain("unmerged");
    expect(sh(commandOf(finding.fix), repo.dir).status).toBe(0);
    expect(ballast(["verify"], { cwd: repo.dir }).code).toBe(0);
    expect(readFileSync(path.join(repo.dir, "models/a.bin")).equals(ours)).toBe(true);
    // The merge can be concluded.
    repo.git(["commit", "-q", "--no-verify", "--no-edit"]);
  });

  it("the other way out (the other branch's model) works too", () => {
    const { repo, theirs } = conflicted();
    const fix = (JSON.parse(ballast(["verify", "--json"], { cwd: repo.dir }).stdout) as { findings: Array<{ fix: string }> }).findings[0]!.fix;
    const run = sh(alternativeOf(fix), repo.dir);
    expect(run.status, run.stderr).toBe(0);
    expect(ballast(["verify"], { cwd: repo.dir }).code).toBe(0);
    expect(readFileSync(path.join(repo.dir, "models/a.bin")).equals(theirs)).toBe(true);
  });
});
