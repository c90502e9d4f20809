import { gitdir, tempDir } from "@ballast/test-utils";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { simpleGit } from "simple-git";
import { describe, expect, it } from "vitest";
import { checkStaged, doctor, init, withGit } from "../../src/index.js";

// A tool that drives git through simple-git hands ballast its instance: ballast's git then
// runs with that instance's environment, program and folder. Shown with a real instance
// whose environment points GIT_CONFIG_GLOBAL at a config of its own, which this process's
// git never reads.

/** A repository, and a global config only the instance knows: it marks *.psd as LFS and sets a hooks folder. */
function setup() {
  const repo = gitdir({ "README.md": "# art\n", ".ballastrc.json": "{}", "package.json": '{"name":"art","version":"1.0.0"}\n' });
  const own = tempDir("ballast-own-config-");
  const hooks = path.join(own, "team-hooks");
  mkdirSync(hooks);
  writeFileSync(path.join(own, "attributes"), "*.psd filter=lfs diff=lfs merge=lfs -text\n");
  const config = path.join(own, "gitconfig");
  // The global config the tests run with (identity), plus the instance's own settings.
  writeFileSync(config, `${readFileSync(process.env.GIT_CONFIG_GLOBAL!, "utf8")}[core]\n\tattributesFile = ${path.join(own, "attributes")}\n\thooksPath = ${hooks}\n`);
  // Staged without those settings: its real bytes, as a clone without git-lfs would stage it.
  repo.write({ "art.psd": Buffer.alloc(20_000, 7) });
  repo.git(["add", "art.psd"]);
  // The tool's own environment for git. simple-git 4 refuses GIT_* variables it was not
  // told to allow, and a config path or an exec path without its `unsafe` consent.
  const env = (extra: NodeJS.ProcessEnv = {}) => ({ PATH: process.env.PATH, HOME: own, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: config, ...extra });
  const instance = simpleGit({
    baseDir: repo.dir,
    allowEnvironment: ["GIT_CONFIG_NOSYSTEM", "GIT_CONFIG_GLOBAL", "GIT_EXEC_PATH"],
    unsafe: { allowUnsafeConfigPaths: true, allowUnsafeExec: true },
  }).env(env());
  return { repo, instance, hooks, own, env };
}

describe("withGit: ballast run with a caller's simple-git instance", () => {
  it("the staged check (ballast's own git processes) reads the instance's global config", async () => {
    const { repo, instance } = setup();
    // Without the instance: this process's config, where *.psd is not LFS.
    expect((await checkStaged({ cwd: repo.dir })).findings).toEqual([]);
    // With it, and no cwd given: the instance's folder, and its config's attributes.
    const report = await withGit(instance).checkStaged();
    expect(report.findings.map((f) => [f.rule, f.path])).toEqual([["lfs-not-pointer", "art.psd"]]);
    expect(report.summary.blocked).toBe(true);
  });

  it("doctor and init ask their questions through the instance (its core.hooksPath)", async () => {
    const { repo, instance, hooks } = setup();
    const plain = await doctor({ cwd: repo.dir });
    expect(plain.checks.find((c) => c.id === "hooks")?.detail).toContain(".git/hooks");
    const bound = withGit(instance);
    const hooksCheck = (await bound.doctor()).checks.find((c) => c.id === "hooks");
    expect(hooksCheck?.detail).toContain(`${path.basename(path.dirname(hooks))}/team-hooks`);
    // init will not take over a hooks folder someone else set: the instance's config has one.
    await expect(bound.init({ install: false })).rejects.toMatchObject({ code: "BAD_ARGUMENTS", message: expect.stringContaining(hooks) });
    expect(repo.git(["config", "--get", "core.hooksPath"], { allowFail: true }).stdout).toBe("");
  });

  it("runs the streams with the instance's git program, found from its exec path", async () => {
    const { repo, instance, own, env } = setup();
    // An exec path of the instance's own (GIT_EXEC_PATH in its environment) whose `git`
    // notes each call, then runs the real one: a git installation only the instance uses.
    const real = path.join(spawnSync("git", ["--exec-path"], { encoding: "utf8" }).stdout.trim(), "git");
    const execPath = path.join(own, "exec-path");
    const log = path.join(own, "calls.log");
    mkdirSync(execPath);
    writeFileSync(path.join(execPath, "git"), `#!/bin/sh\necho "$*" >> "${log}"\nexec "${real}" "$@"\n`);
    chmodSync(path.join(execPath, "git"), 0o755);
    writeFileSync(log, "");
    instance.env(env({ GIT_EXEC_PATH: execPath }));
    const report = await withGit(instance).checkStaged();
    expect(report.findings.map((f) => f.rule)).toEqual(["lfs-not-pointer"]);
    const calls = readFileSync(log, "utf8");
    expect(calls).toMatch(/^diff --cached --raw -z/m);
    expect(calls).toMatch(/^check-attr --cached -z --stdin filter$/m);
    // The instance itself was not moved or changed by ballast's questions.
    expect((await instance.revparse(["--show-toplevel"])).trim()).toBe(spawnSync("git", ["rev-parse", "--show-toplevel"], { cwd: repo.dir, encoding: "utf8" }).stdout.trim());
  });
});
