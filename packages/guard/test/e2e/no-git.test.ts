import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ballast, gitdir, pseudoRandom, tempDir } from "@ballast/test-utils";
import { describe, expect, it } from "vitest";
import { installBin } from "../integration/init-fixture.js";

const sha = (data: Buffer) => createHash("sha256").update(data).digest("hex");

/** A PATH with `node` and nothing else: a `node:20-slim` build stage has no git. */
function nodeOnlyPath(): string {
  const bin = tempDir("ballast-node-only-");
  symlinkSync(process.execPath, path.join(bin, "node"));
  return bin;
}

/**
 * A repository with a stowed model, committed and pushed to a file:// store, exported with
 * `git archive` (no .git), as a Docker build context is.
 */
function exportedBot() {
  const base = tempDir();
  const store = path.join(base, "store");
  const model = pseudoRandom(700_000, "no-git");
  const repo = gitdir({ "README.md": "# bot\n", "package.json": '{ "name": "bot", "private": true }\n', "ballast.config.json": JSON.stringify({ extends: ["rasa"], store: `file://${store}` }) });
  repo.write({ "models/nlu.tar.gz": model });
  const stow = ballast(["stow", "models/nlu.tar.gz"], { cwd: repo.dir });
  expect(stow.code, stow.output).toBe(0);
  repo.commit("model, stowed");
  expect(ballast(["push"], { cwd: repo.dir }).code).toBe(0);
  const context = path.join(base, "context");
  mkdirSync(context);
  const archive = spawnSync("sh", ["-c", `git -C '${repo.dir}' archive HEAD | tar -x -C '${context}'`], { encoding: "utf8" });
  expect(archive.status, archive.stderr).toBe(0);
  expect(existsSync(path.join(context, ".git"))).toBe(false);
  expect(existsSync(path.join(context, "models/nlu.tar.gz.ballast"))).toBe(true);
  return { context, model, store, repo };
}

describe("pull, verify and status with no git binary, in a git archive export", () => {
  const PATH = nodeOnlyPath();
  const env = { PATH };

  it("the PATH really has no git", () => {
    expect(readdirSync(PATH)).toEqual(["node"]);
    expect(spawnSync("git", ["--version"], { env }).error).toBeDefined();
  });

  it("verify stops on the missing model, status names it, pull restores it verified, verify passes", () => {
    const { context, model } = exportedBot();
    const before = ballast(["verify", "--json"], { cwd: context, env });
    expect(before.code, before.output).toBe(1);
    expect(JSON.parse(before.stdout).findings.map((f: { path: string; fix: string }) => [f.path, f.fix])).toEqual([
      ["models/nlu.tar.gz.ballast", "npx ballast pull models/nlu.tar.gz"],
    ]);

    const status = ballast(["status", "--json"], { cwd: context, env });
    expect(status.code, status.output).toBe(0);
    expect(JSON.parse(status.stdout).files).toEqual([
      { path: "models/nlu.tar.gz", reference: "models/nlu.tar.gz.ballast", sha256: sha(model), size: model.length, local: "missing", stored: true },
    ]);

    const pulled = ballast(["pull", "--json"], { cwd: context, env });
    expect(pulled.code, pulled.output).toBe(0);
    expect(JSON.parse(pulled.stdout).files[0]).toMatchObject({ path: "models/nlu.tar.gz", action: "restored", source: "store" });
    expect(sha(readFileSync(path.join(context, "models/nlu.tar.gz")))).toBe(sha(model));
    // Downloaded straight into place: only the file and its reference, no temporary left.
    expect(readdirSync(path.join(context, "models")).sort()).toEqual(["nlu.tar.gz", "nlu.tar.gz.ballast"]);

    expect(ballast(["verify"], { cwd: context, env }).code).toBe(0);
    expect(JSON.parse(ballast(["status", "--json"], { cwd: context, env }).stdout).files[0].local).toBe("match");
    expect(JSON.parse(ballast(["pull", "--json"], { cwd: context, env }).stdout).files[0].action).toBe("present");
  });

  it("verify's fix, run as printed with npx (node, npx and the installed ballast, no git), restores the model", () => {
    const { context, model } = exportedBot();
    const fix = JSON.parse(ballast(["verify", "--json"], { cwd: context, env }).stdout).findings[0].fix as string;
    expect(fix).toBe("npx ballast pull models/nlu.tar.gz");
    // What `npm ci` leaves in a build stage: node_modules/.bin/ballast. npx comes with node,
    // and runs the bin through sh (node:20-slim has sh, and no git).
    const withNpx = nodeOnlyPath();
    symlinkSync(realpathSync(path.join(path.dirname(process.execPath), "npx")), path.join(withNpx, "npx"));
    symlinkSync(realpathSync("/bin/sh"), path.join(withNpx, "sh"));
    installBin(context);
    const run = spawnSync("/bin/sh", ["-c", fix], { cwd: context, encoding: "utf8", env: { ...process.env, PATH: withNpx, npm_config_offline: "true" } });
    expect(run.status, run.stderr).toBe(0);
    expect(sha(readFileSync(path.join(context, "models/nlu.tar.gz")))).toBe(sha(model));
    expect(ballast(["verify"], { cwd: context, env }).code).toBe(0);
  });

  it("a store missing the object: pull exits 2 naming the file, and writes nothing", () => {
    const { context, store } = exportedBot();
    spawnSync("rm", ["-rf", store]);
    const pulled = ballast(["pull"], { cwd: context, env });
    expect(pulled.code).toBe(2);
    expect(pulled.stderr).toContain("models/nlu.tar.gz");
    expect(pulled.stderr).not.toContain("git was not found");
    expect(readdirSync(path.join(context, "models"))).toEqual(["nlu.tar.gz.ballast"]);
  });

  it("a store folder that does not exist (BALLAST_STORE mistyped, a volume not mounted): pull says so, not that the model was never pushed", () => {
    const { context } = exportedBot();
    const missing = path.join(tempDir(), "nonexistent");
    const pulled = ballast(["pull"], { cwd: context, env: { ...env, BALLAST_STORE: `file://${missing}` } });
    expect(pulled.code, pulled.output).toBe(2);
    expect(pulled.stderr).toContain(`the store folder ${missing} does not exist`);
    expect(pulled.stderr).toContain("models/nlu.tar.gz");
    expect(pulled.stderr).toMatch(/fix: .*--build-arg BALLAST_STORE/);
    expect(pulled.stderr).not.toContain("ballast push on the machine");
    expect(readdirSync(path.join(context, "models"))).toEqual(["nlu.tar.gz.ballast"]);
  });

  it("a damaged reference (a merge conflict in it): pull and status say what to do without git, as verify does", () => {
    const { context } = exportedBot();
    const ref = path.join(context, "models/nlu.tar.gz.ballast");
    writeFileSync(ref, `<<<<<<< HEAD\n${readFileSync(ref, "utf8")}=======\n>>>>>>> other\n`);
    const verify = ballast(["verify"], { cwd: context, env });
    expect(verify.stdout).toContain("There is no .git here to restore it from");
    for (const command of [["pull"], ["status"], ["pull", "models/nlu.tar.gz"]]) {
      const run = ballast(command, { cwd: context, env });
      expect(run.code, run.output).toBe(2);
      expect(run.stderr).toContain("models/nlu.tar.gz.ballast");
      expect(run.stderr).toContain("there is no .git here to restore it from: copy models/nlu.tar.gz.ballast from the checkout this folder was made from");
      expect(run.stderr).not.toContain("git checkout");
    }
  });

  it("a context copied with its .git but run where there is no git: pull walks the folder and fills the cache", () => {
    const { repo, model } = exportedBot();
    const clone = path.join(tempDir(), "clone");
    repo.git(["clone", "-q", repo.dir, clone]);
    expect(existsSync(path.join(clone, "models/nlu.tar.gz"))).toBe(false);
    const pulled = ballast(["pull", "--json"], { cwd: clone, env });
    expect(pulled.code, pulled.output).toBe(0);
    expect(sha(readFileSync(path.join(clone, "models/nlu.tar.gz")))).toBe(sha(model));
    const cached = path.join(clone, ".git/ballast/objects/sha256", sha(model).slice(0, 2), sha(model).slice(2, 4), sha(model));
    expect(existsSync(cached)).toBe(true);
    expect(JSON.parse(ballast(["status", "--json"], { cwd: clone, env }).stdout).files[0]).toMatchObject({ local: "match", cached: true, stored: true });
  });
});
