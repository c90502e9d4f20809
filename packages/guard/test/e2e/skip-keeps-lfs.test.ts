import { spawnSync } from "node:child_process";
import { existsSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ballast, gitdir, hasGitLfs, pseudoRandom } from "@ballast/test-utils";
import { describe, expect, it } from "vitest";
import { botRepo, installBin, read } from "../integration/init-fixture.js";

const LFS = { ".gitattributes": "*.bin filter=lfs diff=lfs merge=lfs -text\n" };

/** PATH without any folder that holds a `ballast` (the workspace's own node_modules/.bin). */
const PATH_WITHOUT_BALLAST = (process.env.PATH ?? "")
  .split(path.delimiter)
  .filter((dir) => dir && !existsSync(path.join(dir, "ballast")))
  .join(path.delimiter);

/** A repository set up by `ballast init` (real husky hooks), one LFS file committed, a bare remote. */
function lfsRepoWithCommit(options: { ballastInstalled: boolean; tree?: Record<string, string> }) {
  const remote = gitdir({}, { bare: true });
  const repo = botRepo({ ...LFS, ...options.tree });
  repo.git(["remote", "add", "origin", remote.dir]);
  const init = ballast(["init", "--no-install"], { cwd: repo.dir });
  expect(init.code, init.output).toBe(0);
  installBin(repo.dir);
  repo.write({ "voice.bin": pseudoRandom(300_000, "voice") });
  repo.git(["add", "-A"]);
  const commit = repo.git(["commit", "-m", "voice via LFS"], { allowFail: true });
  expect(commit.status, commit.stderr).toBe(0);
  if (!options.ballastInstalled) rmSync(path.join(repo.dir, "node_modules"), { recursive: true, force: true });
  const oid = /oid sha256:([0-9a-f]{64})/.exec(repo.git(["show", "HEAD:voice.bin"]).stdout)![1]!;
  return { repo, remote, oid };
}

const onRemote = (remoteDir: string, oid: string) => path.join(remoteDir, "lfs/objects", oid.slice(0, 2), oid.slice(2, 4), oid);

// The oracle is git-lfs itself: its pre-push uploads into the bare remote's lfs/objects.
describe.skipIf(!hasGitLfs())("a push through ballast's hooks always runs git lfs pre-push (needs git-lfs installed)", () => {
  const cases = [
    { name: "a normal push", skip: undefined, installed: true },
    { name: "BALLAST_SKIP=1 with ballast installed", skip: "1", installed: true },
    { name: "BALLAST_SKIP=1 with ballast's binary missing", skip: "1", installed: false },
  ];
  for (const c of cases) {
    it(`${c.name}: the LFS object reaches the remote`, () => {
      const { repo, remote, oid } = lfsRepoWithCommit({ ballastInstalled: c.installed });
      const env = { PATH: PATH_WITHOUT_BALLAST, ...(c.skip ? { BALLAST_SKIP: c.skip } : {}) };
      const push = repo.git(["push", "origin", "main"], { allowFail: true, env });
      expect(push.status, push.stderr).toBe(0);
      expect(remote.git(["rev-parse", "main"]).stdout.trim()).toBe(repo.git(["rev-parse", "HEAD"]).stdout.trim());
      expect(statSync(onRemote(remote.dir, oid)).size).toBe(300_000);
    });
  }

  it("without ballast and without BALLAST_SKIP the push stops, and the hint's BALLAST_SKIP=1 push keeps LFS", () => {
    const { repo, remote, oid } = lfsRepoWithCommit({ ballastInstalled: false });
    const blocked = repo.git(["push", "origin", "main"], { allowFail: true, env: { PATH: PATH_WITHOUT_BALLAST } });
    expect(blocked.status).not.toBe(0);
    expect(blocked.stderr).toContain("BALLAST_SKIP=1 git push");
    expect(blocked.stderr).not.toContain("--no-verify");
    expect(remote.git(["rev-parse", "--verify", "-q", "main"], { allowFail: true }).status).not.toBe(0);
    const again = repo.git(["push", "origin", "main"], { allowFail: true, env: { PATH: PATH_WITHOUT_BALLAST, BALLAST_SKIP: "1" } });
    expect(again.status, again.stderr).toBe(0);
    expect(existsSync(onRemote(remote.dir, oid))).toBe(true);
  });

  it("a user's own git lfs pre-push line after ballast's block still gets git's ref lines", () => {
    // The user wrote LFS's line by hand, so init adds none; ballast's block goes first and reads stdin.
    const tree = { ".husky/pre-push": 'git lfs pre-push "$@"\n' };
    const { repo, remote, oid } = lfsRepoWithCommit({ ballastInstalled: true, tree });
    expect(read(repo.dir, ".husky/pre-push").match(/git lfs pre-push/g)).toHaveLength(1);
    const push = repo.git(["push", "origin", "main"], { allowFail: true, env: { PATH: PATH_WITHOUT_BALLAST } });
    expect(push.status, push.stderr).toBe(0);
    expect(existsSync(onRemote(remote.dir, oid))).toBe(true);
  });

  it("doctor fails on a pre-push written by ballast 0.1.0 (skip ends it before git-lfs), and init upgrades it", () => {
    const { repo, remote, oid } = lfsRepoWithCommit({ ballastInstalled: true });
    writeFileSync(path.join(repo.dir, ".husky/pre-push"), OLD_PRE_PUSH);
    const before = ballast(["doctor", "--json"], { cwd: repo.dir, env: { PATH: PATH_WITHOUT_BALLAST } });
    expect(before.code, before.output).toBe(1);
    const hooks = JSON.parse(before.stdout).checks.find((c: { id: string }) => c.id === "hooks");
    expect(hooks).toMatchObject({ status: "fail", fix: "npx ballast init" });
    expect(hooks.problems.join("\n")).toContain("pre-push");

    // The old hook really loses the object: the fix must be what makes the difference.
    const lost = gitdir({}, { bare: true });
    rmSync(path.join(repo.dir, "node_modules"), { recursive: true, force: true });
    const oldPush = repo.git(["push", lost.dir, "main"], { allowFail: true, env: { PATH: PATH_WITHOUT_BALLAST, BALLAST_SKIP: "1" } });
    expect(oldPush.status, oldPush.stderr).toBe(0);
    expect(existsSync(onRemote(lost.dir, oid))).toBe(false);

    installBin(repo.dir);
    expect(ballast(["init", "--no-install"], { cwd: repo.dir }).code).toBe(0);
    const after = JSON.parse(ballast(["doctor", "--json"], { cwd: repo.dir, env: { PATH: PATH_WITHOUT_BALLAST } }).stdout);
    expect(after.checks.find((c: { id: string }) => c.id === "hooks").status).toBe("ok");
    expect(read(repo.dir, ".husky/pre-push")).not.toContain("exit 0");
    rmSync(path.join(repo.dir, "node_modules"), { recursive: true, force: true });
    const push = repo.git(["push", "origin", "main"], { allowFail: true, env: { PATH: PATH_WITHOUT_BALLAST, BALLAST_SKIP: "1" } });
    expect(push.status, push.stderr).toBe(0);
    expect(existsSync(onRemote(remote.dir, oid))).toBe(true);
  });
});

/** .husky/pre-push exactly as ballast 0.1.0's init wrote it in an LFS repository. */
const OLD_PRE_PUSH = `# >>> ballast (written by \`ballast init\`; lines outside these markers are yours)
if ! command -v ballast >/dev/null 2>&1; then
  [ "\${BALLAST_SKIP:-0}" != "0" ] && exit 0
  echo 'ballast is not installed yet: run npm install (to skip this check once: git push --no-verify)' >&2
  exit 1
fi
if ! command -v git-lfs >/dev/null 2>&1; then
  echo 'This repository uses Git LFS, but git-lfs is not installed: install it (https://git-lfs.com), then run: git lfs install --local --skip-repo' >&2
  exit 2
fi
ballast_refs=$(cat)
if [ -n "$ballast_refs" ]; then
  printf '%s\\n' "$ballast_refs" | ballast pre-push "$@" || exit $?
  printf '%s\\n' "$ballast_refs" | git lfs pre-push "$@" || exit $?
fi
# <<< ballast
`;

/**
 * A repository set up by `ballast init` before it used LFS (no .gitattributes then), with
 * git-lfs's filter on, as `git lfs install` sets it globally; then a file tracked with LFS
 * and committed through the hooks. `olderHook`: pre-push as an older ballast wrote it, with
 * no git-lfs step.
 */
function lfsAdoptedAfterInit(olderHook: boolean) {
  const remote = gitdir({}, { bare: true });
  const repo = botRepo({});
  repo.git(["remote", "add", "origin", remote.dir]);
  expect(ballast(["init", "--no-install"], { cwd: repo.dir }).code).toBe(0);
  installBin(repo.dir);
  if (olderHook) {
    writeFileSync(path.join(repo.dir, ".husky", "pre-push"), read(repo.dir, ".husky/pre-push").replace(/if command -v git-lfs[\s\S]*?\nfi\n/, ""));
    expect(read(repo.dir, ".husky/pre-push")).not.toContain("git lfs pre-push");
  }
  repo.git(["add", "-A"]);
  repo.git(["commit", "-q", "-m", "ballast init"]);
  // Later, as a user reads git-lfs's own docs.
  repo.git(["lfs", "install", "--local", "--skip-repo"]);
  repo.git(["lfs", "track", "*.psd"]);
  repo.write({ "cover.psd": pseudoRandom(300_000, "psd") });
  repo.git(["add", "-A"]);
  expect(repo.git(["commit", "-m", "a psd via LFS"], { allowFail: true }).status).toBe(0);
  const oid = /oid sha256:([0-9a-f]{64})/.exec(repo.git(["show", "HEAD:cover.psd"]).stdout)![1]!;
  return { repo, remote, oid };
}

describe.skipIf(!hasGitLfs())("LFS adopted after ballast init (needs git-lfs installed)", () => {
  it("no .gitattributes at init: the first LFS push still uploads the object", () => {
    const { repo, remote, oid } = lfsAdoptedAfterInit(false);
    const push = repo.git(["push", "origin", "main"], { allowFail: true, env: { PATH: PATH_WITHOUT_BALLAST } });
    expect(push.status, push.stderr).toBe(0);
    expect(statSync(onRemote(remote.dir, oid)).size).toBe(300_000);
  });

  it("hooks written before that (no git-lfs step): doctor names it, and its fix wires git-lfs and uploads what the earlier push left behind", () => {
    const { repo, remote, oid } = lfsAdoptedAfterInit(true);
    expect(repo.git(["push", "origin", "main"], { allowFail: true, env: { PATH: PATH_WITHOUT_BALLAST } }).status).toBe(0);
    expect(existsSync(onRemote(remote.dir, oid))).toBe(false);
    const doctor = JSON.parse(ballast(["doctor", "--json"], { cwd: repo.dir }).stdout) as { checks: Array<{ id: string; status: string; fix?: string }> };
    expect(doctor.checks.find((c) => c.id === "lfs-hooks")).toMatchObject({ status: "fail", fix: "npx ballast init && git lfs push --all origin" });
    // The fix, as printed (npx ballast is the installed CLI here), but for --no-install: this
    // test has no registry to install husky from, and the hooks are written either way.
    const fixed = spawnSync("sh", ["-c", "npx ballast init --no-install && git lfs push --all origin"], { cwd: repo.dir, encoding: "utf8", env: { ...process.env, PATH: `${path.join(repo.dir, "node_modules", ".bin")}${path.delimiter}${PATH_WITHOUT_BALLAST}` } });
    expect(fixed.status, fixed.stderr).toBe(0);
    expect(statSync(onRemote(remote.dir, oid)).size).toBe(300_000);
  });
});
