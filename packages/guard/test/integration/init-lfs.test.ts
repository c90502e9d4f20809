import { statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ballast, gitdir, hasGitLfs, pseudoRandom } from "@ballast/test-utils";
import { describe, expect, it } from "vitest";
import { botRepo, installBin, read } from "./init-fixture.js";

const LFS = { ".gitattributes": "*.bin filter=lfs diff=lfs merge=lfs -text\n" };

// git-lfs side by side with husky needs the real git-lfs; without it these tests cannot say anything.
describe.skipIf(!hasGitLfs())("git-lfs side by side with husky (needs git-lfs installed)", () => {
  it("init chains git-lfs's hooks, and a real push through them uploads the LFS object", () => {
    const remote = gitdir({}, { bare: true });
    const repo = botRepo(LFS);
    repo.git(["remote", "add", "origin", remote.dir]);
    const result = ballast(["init", "--no-install"], { cwd: repo.dir });
    expect(result.code, result.output).toBe(0);
    for (const hook of ["post-checkout", "post-commit", "post-merge"]) {
      expect(read(repo.dir, `.husky/${hook}`)).toContain(`git lfs ${hook} "$@"`);
    }
    const prePush = read(repo.dir, ".husky/pre-push");
    expect(prePush.indexOf('ballast pre-push "$@"')).toBeLessThan(prePush.indexOf('git lfs pre-push "$@"'));
    expect(repo.git(["config", "--local", "filter.lfs.process"]).stdout).toContain("git-lfs filter-process");

    installBin(repo.dir);
    repo.write({ "voice.bin": pseudoRandom(2_000_000) });
    repo.git(["add", "-A"]);
    expect(repo.git(["commit", "-m", "voice sample via LFS"], { allowFail: true }).status).toBe(0);
    expect(repo.git(["show", "HEAD:voice.bin"]).stdout).toMatch(/^version https:\/\/git-lfs/);
    const push = repo.git(["push", "origin", "main"], { allowFail: true });
    expect(push.status, push.stderr).toBe(0);
    const oid = /oid sha256:([0-9a-f]{64})/.exec(repo.git(["show", "HEAD:voice.bin"]).stdout)![1]!;
    expect(remote.git(["rev-parse", "main"]).stdout.trim()).toBe(repo.git(["rev-parse", "HEAD"]).stdout.trim());
    expect(statSync(path.join(remote.dir, "lfs/objects", oid.slice(0, 2), oid.slice(2, 4), oid)).size).toBe(2_000_000);
  });

  it("doctor reports a repository using LFS whose husky hooks do not run git-lfs, and init fixes it", () => {
    const repo = botRepo({
      ...LFS,
      "ballast.config.mjs": "export default { extends: ['recommended'] };\n",
      ".husky/pre-commit": "ballast pre-commit\n",
      ".husky/pre-push": 'ballast pre-push "$@"\n',
    });
    // init installs husky's stubs in .husky/_; then undo its chaining, to get the state of
    // a repository whose husky hooks were written by hand (git lfs install refuses there).
    expect(ballast(["init", "--no-install"], { cwd: repo.dir }).code).toBe(0);
    for (const hook of ["pre-push", "post-checkout", "post-commit", "post-merge"]) {
      writeFileSync(path.join(repo.dir, ".husky", hook), hook === "pre-push" ? 'ballast pre-push "$@"\n' : "");
    }
    installBin(repo.dir);
    const before = ballast(["doctor", "--json"], { cwd: repo.dir });
    expect(before.code).toBe(1);
    const lfs = JSON.parse(before.stdout).checks.find((c: { id: string }) => c.id === "lfs-hooks");
    expect(lfs.status).toBe("fail");
    expect(lfs.problems.join("\n")).toContain(".husky/pre-push does not run git lfs pre-push");
    expect(lfs.fix).toBe("npx ballast init");
    const pretty = ballast(["doctor"], { cwd: repo.dir });
    expect(pretty.stdout).toContain("fix: npx ballast init");

    expect(ballast(["init", "--no-install"], { cwd: repo.dir }).code).toBe(0);
    const after = ballast(["doctor", "--json"], { cwd: repo.dir });
    expect(JSON.parse(after.stdout).checks.find((c: { id: string }) => c.id === "lfs-hooks").status).toBe("ok");
  });

  it("does not warn about git-lfs's own hooks left in .git/hooks: their lines are chained", () => {
    const repo = botRepo(LFS);
    repo.git(["lfs", "install", "--local"]);
    const report = JSON.parse(ballast(["init", "--no-install", "--json"], { cwd: repo.dir }).stdout);
    expect(report.actions.filter((a: { status: string }) => a.status === "warning")).toEqual([]);
  });
});
