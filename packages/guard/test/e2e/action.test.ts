import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { pseudoRandom, tempDir } from "@ballast/test-utils";
import { describe, expect, it } from "vitest";
import { checkout, hostedRepo, runAction } from "./action-fixture.js";

const ZERO = "0".repeat(40);
const annotations = (stdout: string) => stdout.split("\n").filter((l) => /^::(error|warning) /.test(l));
const files = (stdout: string) => annotations(stdout).map((l) => /file=([^,]*),/.exec(l)![1]).sort();

// The action's own scan step (action.yml's run: script, with its env), run by bash as the
// runner runs it, in a one-commit-deep checkout of a real repository with a base and a head.
describe("action.yml, run as GitHub Actions runs it", () => {
  it("a pull request: annotations for what the branch adds (not main's history), a step summary, exit 1", () => {
    const { origin, author, base, head, merge } = hostedRepo();
    const workspace = checkout(origin, merge, "refs/remotes/pull/7/merge");
    const payload = { action: "synchronize", number: 7, pull_request: { number: 7, commits: 4, base: { ref: "main", sha: base }, head: { ref: "feature", sha: head } }, repository: { default_branch: "main" } };
    const run = runAction({ workspace, event: "pull_request", payload, github: { GITHUB_BASE_REF: "main", GITHUB_HEAD_REF: "feature", GITHUB_REF: "refs/pull/7/merge", GITHUB_SHA: merge } });
    expect(run.code, run.stderr).toBe(1);
    expect(files(run.stdout)).toEqual(["Dockerfile", "models/new.bin"]);
    // The pointer's bytes are not in this CI clone's LFS store: no command can restore them,
    // so the annotation says what to do in words and carries no fix: line (a fix must fix).
    const dockerfile = annotations(run.stdout).find((l) => l.includes("file=Dockerfile"));
    expect(dockerfile).toMatch(/^::error file=Dockerfile,line=1,title=lfs-pointer-untracked::Dockerfile holds Git LFS pointer text.*no command here can restore them/);
    expect(dockerfile).not.toContain("%0Afix: ");
    expect(annotations(run.stdout).find((l) => l.includes("file=models/new.bin"))).toMatch(/%0Afix: npx ballast migrate/);
    expect(run.summary).toMatch(/^### ballast blocked this: 2 errors/);
    expect(run.summary).toContain("| `models/new.bin` |");
    expect(run.outputs).toEqual({ range: `${base}..${head}`, "exit-code": "1" });
    // The checkout was deepened only as far as the range needs: main's first commit is not here.
    const root = spawnSync("git", ["rev-list", "--max-parents=0", "main"], { cwd: author.dir, encoding: "utf8" }).stdout.trim();
    expect(spawnSync("git", ["cat-file", "-e", root], { cwd: workspace }).status).not.toBe(0);
  });

  it('fail: "false" annotates and passes; a broken config fails whatever fail says', () => {
    const { origin, base, head, merge } = hostedRepo();
    const workspace = checkout(origin, merge, "refs/remotes/pull/7/merge");
    const payload = { pull_request: { commits: 4, base: { sha: base }, head: { sha: head } }, repository: { default_branch: "main" } };
    const soft = runAction({ workspace, event: "pull_request", payload, inputs: { fail: "false" } });
    expect(soft.code).toBe(0);
    expect(files(soft.stdout)).toEqual(["Dockerfile", "models/new.bin"]);
    expect(soft.outputs["exit-code"]).toBe("1");
    const broken = runAction({ workspace, event: "pull_request", payload, inputs: { fail: "false", config: "missing.json" } });
    expect(broken.code).toBe(2);
    expect(broken.stdout).toMatch(/^::error title=ballast::/m);
  });

  it("ballast that cannot start (no npm ci, and npx cannot fetch it) fails the step as 'could not judge' (2), never as 'a finding blocks' (1)", () => {
    const { origin, base, head, merge } = hostedRepo();
    const workspace = checkout(origin, merge, "refs/remotes/pull/7/merge");
    rmSync(path.join(workspace, "node_modules"), { recursive: true, force: true });
    const payload = { pull_request: { commits: 4, base: { sha: base }, head: { sha: head } }, repository: { default_branch: "main" } };
    // Offline, with an empty npm cache: npx cannot get the package, as when it is not on the registry.
    const github = { npm_config_offline: "true", npm_config_cache: tempDir("ballast-npm-cache-") };
    const run = runAction({ workspace, event: "pull_request", payload, github, inputs: { fail: "false" } });
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^::error title=ballast::ballast could not be started/m);
    expect(run.outputs["exit-code"]).toBe("2");
  });

  it("a push to the default branch judges before..after; a new branch judges what it adds to main; a deletion passes", () => {
    const { origin, author, base } = hostedRepo();
    author.commit("a big push", { "assets/huge.bin": pseudoRandom(3_000_000, "huge") });
    const after = author.commit("then text", { "src/d.txt": "d\n" });
    author.git(["push", "-q", "--no-verify", origin, "main"]);
    const pushed = runAction({ workspace: checkout(origin, after, "refs/remotes/origin/main"), event: "push", payload: { before: base, after, commits: [{}, {}], repository: { default_branch: "main" } }, github: { GITHUB_REF: "refs/heads/main", GITHUB_SHA: after } });
    expect(pushed.code, pushed.stderr).toBe(1);
    expect(files(pushed.stdout)).toEqual(["assets/huge.bin"]);
    expect(pushed.outputs.range).toBe(`${base}..${after}`);

    const created = runAction({ workspace: checkout(origin, after, "refs/remotes/origin/topic"), event: "push", payload: { before: ZERO, after: base, created: true, repository: { default_branch: "main" } }, github: { GITHUB_SHA: base } });
    expect(created.code, created.stderr).toBe(0);
    expect(created.outputs.range).toBe(`refs/remotes/origin/main..${base}`);

    const deleted = runAction({ workspace: checkout(origin, after, "refs/remotes/origin/main"), event: "push", payload: { before: base, after: ZERO, deleted: true, repository: { default_branch: "main" } } });
    expect(deleted.code).toBe(0);
    expect(deleted.stdout).toContain("a branch deletion adds nothing to judge");
  });

  it("an explicit range input is judged as given, and a range with shell in it stays a range", () => {
    const { origin, author, fork, head } = hostedRepo();
    author.git(["push", "-q", "--no-verify", origin, `${head}:refs/heads/feature`]);
    const workspace = checkout(origin, head, "refs/remotes/origin/feature");
    spawnSync("git", ["fetch", "-q", "--unshallow", "origin"], { cwd: workspace });
    const given = runAction({ workspace, event: "workflow_dispatch", payload: {}, inputs: { range: `${fork}..${head}` } });
    expect(files(given.stdout)).toEqual(["Dockerfile", "models/new.bin"]);
    const hostile = runAction({ workspace, event: "workflow_dispatch", payload: {}, inputs: { range: "$(touch pwned)..HEAD" } });
    expect(hostile.code).toBe(2);
    expect(spawnSync("test", ["-e", `${workspace}/pwned`]).status).not.toBe(0);
  });
});
