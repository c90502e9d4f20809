import { spawnSync } from "node:child_process";
import { hasGitLfs, pseudoRandom } from "@ballast/test-utils";
import { describe, expect, it } from "vitest";
import { push, pushSetup } from "./prepush-fixture.js";

// Real bytes committed at an LFS path (a teammate without git-lfs): the push is refused for
// lfs-not-pointer and, the file being big, for binary. One fix for both, git-lfs's own
// rewrite, which must run as printed without a terminal: with git-lfs's filter on, the
// committed bytes show as a change and git lfs migrate refuses to run unless told --yes,
// which is printed only when nothing else is uncommitted (it would overwrite it).
function rawAtLfsPath() {
  const { repo } = pushSetup({ ".gitattributes": "*.bin filter=lfs diff=lfs merge=lfs -text\n" });
  repo.git(["lfs", "install", "--local", "--skip-repo"]);
  repo.write({ "sub dir/w 1.bin": pseudoRandom(3_000_000, "raw") });
  // As a machine without git-lfs commits it.
  repo.git(["-c", "filter.lfs.process=", "-c", "filter.lfs.clean=cat", "-c", "filter.lfs.required=false", "add", "sub dir/w 1.bin"]);
  repo.git(["commit", "-q", "--no-verify", "-m", "raw bytes at an LFS path"]);
  return repo;
}

const fixesOf = (output: string) => [...new Set(output.split("\n").filter((l) => l.trimStart().startsWith("fix: ")).map((l) => l.trim().slice("fix: ".length)))];

describe.skipIf(!hasGitLfs())("real bytes at an LFS path, pushed (needs git-lfs)", () => {
  it("one fix for both findings; run as printed (no terminal), the same push passes", () => {
    const repo = rawAtLfsPath();
    expect(repo.git(["status", "--porcelain"]).stdout).toBe(' M "sub dir/w 1.bin"\n');
    const refused = push(repo, ["origin", "main"]);
    expect(refused.status).not.toBe(0);
    expect(refused.output).toMatch(/binary/);
    expect(refused.output).toMatch(/lfs-not-pointer/);
    expect(fixesOf(refused.output)).toEqual(["git lfs migrate import --yes --include='sub dir/w 1.bin' && git lfs install --local --skip-repo"]);
    const run = spawnSync("sh", ["-c", fixesOf(refused.output)[0]!], { cwd: repo.dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    expect(run.status, run.stderr).toBe(0);
    expect(repo.git(["status", "--porcelain"]).stdout).toBe("");
    const again = push(repo, ["origin", "main"]);
    expect(again.status, again.output).toBe(0);
  });

  it("with someone's real edit uncommitted, the fix does not say --yes (git-lfs would overwrite it)", () => {
    const repo = rawAtLfsPath();
    repo.write({ "README.md": "an edit in progress\n" });
    const refused = push(repo, ["origin", "main"]);
    expect(fixesOf(refused.output)).toEqual(["git lfs migrate import --include='sub dir/w 1.bin' && git lfs install --local --skip-repo"]);
  });
});
