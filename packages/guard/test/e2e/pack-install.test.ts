import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { hasGitLfs, pseudoRandom, tempDir } from "@ballast/test-utils";
import { describe, expect, it } from "vitest";

/**
 * The product as a user meets it, on the packed packages and not the workspace (husky's
 * own testing idea): pnpm pack both packages, npm install the tarballs into a copy of
 * examples/rasa-bot, npx ballast init, then real commits and a real push through the
 * installed husky hooks, a teammate's clone that gets the hooks from `npm install`, and
 * the Dockerfile's pull + verify in a build context without .git.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
const NPM_FLAGS = ["--prefer-offline", "--no-audit", "--no-fund"];
const env = { ...process.env, npm_config_update_notifier: "false", npm_config_loglevel: "error" };

function run(cmd: string, args: string[], cwd: string, extra: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, encoding: "utf8", env: { ...env, ...extra }, maxBuffer: 1 << 26, timeout: 180_000 });
}
function ok(result: SpawnSyncReturns<string>, what: string): string {
  expect(result.status, `${what}\n${result.stdout}\n${result.stderr}`).toBe(0);
  return result.stdout;
}
function pnpm(args: string[], cwd: string): SpawnSyncReturns<string> {
  const local = run("pnpm", ["--version"], cwd);
  return local.status === 0 ? run("pnpm", args, cwd) : run("npx", ["-y", "pnpm@12.4.2", ...args], cwd);
}
const output = (r: SpawnSyncReturns<string>) => `${r.stdout}${r.stderr}`;

describe("the packed packages, installed with npm into a bot repository", () => {
  it("are publint clean", () => {
    for (const pkg of ["config", "guard"]) {
      const result = run(process.execPath, [path.join(root, "node_modules/publint/src/cli.js"), "run", path.join(root, "packages", pkg), "--strict"], root);
      expect(output(result), pkg).toContain("All good!");
      expect(result.status).toBe(0);
    }
  });

  it("guard commits and pushes through husky hooks installed by npx ballast init, in every clone", { timeout: 300_000 }, () => {
    const scratch = tempDir("ballast-e2e-");
    const packs = path.join(scratch, "packs");
    mkdirSync(packs);
    for (const pkg of ["config", "guard"]) ok(pnpm(["pack", "--pack-destination", packs], path.join(root, "packages", pkg)), `pnpm pack ${pkg}`);
    const tarballs = readdirSync(packs).sort();
    expect(tarballs).toEqual(["ballast-config-0.1.0.tgz", "ballast-guard-0.1.0.tgz"]);
    const packed = JSON.parse(ok(run("tar", ["-xOzf", path.join(packs, "ballast-guard-0.1.0.tgz"), "package/package.json"], scratch), "tar"));
    expect(packed.dependencies["@ballast/config"]).toBe("0.1.0"); // workspace:* became a real version

    // A copy of examples/rasa-bot made a git repository, with a bare remote beside it.
    const bot = path.join(scratch, "bot");
    cpSync(path.join(root, "examples/rasa-bot"), bot, { recursive: true, filter: (src) => !src.includes("node_modules") });
    const remote = path.join(scratch, "remote.git");
    ok(run("git", ["init", "-q", "--bare", "-b", "main", remote], scratch), "git init --bare");
    ok(run("git", ["init", "-q", "-b", "main"], bot), "git init");
    ok(run("git", ["remote", "add", "origin", remote], bot), "git remote add");

    ok(run("npm", ["install", "-D", "../packs/ballast-config-0.1.0.tgz", "../packs/ballast-guard-0.1.0.tgz", ...NPM_FLAGS], bot), "npm install -D tarballs");
    const init = run("npx", ["ballast", "init"], bot);
    ok(init, "npx ballast init");
    expect(init.stdout).toContain("config already present"); // the example's ballast.config.mjs is kept
    expect(run("git", ["config", "core.hooksPath"], bot).stdout.trim()).toBe(".husky/_");
    const pkg = JSON.parse(readFileSync(path.join(bot, "package.json"), "utf8"));
    expect(pkg.scripts.prepare).toBe("husky");
    expect(pkg.devDependencies.husky).toBe("9.1.7");
    expect(JSON.parse(run("npx", ["ballast", "init", "--json"], bot).stdout).alreadySetUp).toBe(true);

    ok(run("git", ["add", "-A"], bot), "git add");
    ok(run("git", ["commit", "-q", "-m", "bot with ballast"], bot), "first commit through the hooks");

    // A 20 MB model is redirected: the commit records the reference only.
    ok(run(process.execPath, ["scripts/fake-model.mjs", "20MB", "models/20260101-nlu.tar.gz"], bot), "fake model");
    ok(run("git", ["add", "models"], bot), "git add models");
    const model = run("git", ["commit", "-m", "first model"], bot);
    ok(model, "commit of the model");
    expect(output(model)).toContain("stowed models/20260101-nlu.tar.gz");
    const tree = run("git", ["ls-tree", "-r", "--name-only", "HEAD"], bot).stdout;
    expect(tree).toContain("models/20260101-nlu.tar.gz.ballast");
    expect(tree).not.toMatch(/models\/20260101-nlu\.tar\.gz\n/);

    // A Dockerfile that is Git LFS pointer text is stopped, with the fix.
    writeFileSync(path.join(bot, "Dockerfile"), `version https://git-lfs.github.com/spec/v1\noid sha256:${"a".repeat(64)}\nsize 1194\n`);
    ok(run("git", ["add", "Dockerfile"], bot), "git add Dockerfile");
    const blocked = run("git", ["commit", "-m", "pointer as Dockerfile"], bot);
    expect(blocked.status).toBe(1);
    expect(output(blocked)).toContain("lfs-pointer-untracked");
    ok(run("git", ["checkout", "--", "Dockerfile"], bot), "restore the real Dockerfile");

    // The push uploads the model to the local-folder store beside the repository.
    ok(run("git", ["push", "-q", "origin", "main"], bot), "git push through pre-push");
    const ref = JSON.parse(readFileSync(path.join(bot, "models/20260101-nlu.tar.gz.ballast"), "utf8"));
    const sha = ref.sha256 as string;
    const stored = path.join(scratch, "rasa-bot-ballast-store", "sha256", sha.slice(0, 2), sha.slice(2, 4), sha);
    expect(statSync(stored).size).toBe(20_000_000);

    // A teammate clones beside it: no hooks until npm install, then hooks with no other step.
    const clone = path.join(scratch, "clone");
    ok(run("git", ["clone", "-q", remote, clone], scratch), "git clone");
    expect(run("git", ["config", "core.hooksPath"], clone).status).toBe(1);
    ok(run("npm", ["install", ...NPM_FLAGS], clone), "npm install in the clone");
    expect(run("git", ["config", "core.hooksPath"], clone).stdout.trim()).toBe(".husky/_");
    writeFileSync(path.join(clone, "embeddings.bin"), pseudoRandom(3_000_000));
    ok(run("git", ["add", "embeddings.bin"], clone), "git add in the clone");
    const cloneBlocked = run("git", ["commit", "-m", "embeddings"], clone);
    expect(cloneBlocked.status).toBe(1);
    expect(output(cloneBlocked)).toContain("embeddings.bin");
    ok(run("git", ["rm", "-q", "--cached", "embeddings.bin"], clone), "unstage");

    ok(run("npx", ["ballast", "pull"], clone), "npx ballast pull");
    expect(statSync(path.join(clone, "models/20260101-nlu.tar.gz")).size).toBe(20_000_000);
    ok(run("npx", ["ballast", "verify"], clone), "npx ballast verify");

    // The Dockerfile's first stage, without docker: a build context with no .git.
    const context = path.join(scratch, "context");
    mkdirSync(context);
    ok(spawnSync("sh", ["-c", `git archive HEAD | tar -x -C "${context}"`], { cwd: bot, encoding: "utf8" }), "git archive");
    symlinkSync(path.join(bot, "node_modules"), path.join(context, "node_modules"), "dir");
    const store = { BALLAST_STORE: `file://${path.join(scratch, "rasa-bot-ballast-store")}` };
    expect(run("node_modules/.bin/ballast", ["verify"], context, store).status).toBe(1); // the model is not there yet
    ok(run("node_modules/.bin/ballast", ["pull"], context, store), "ballast pull in the build context");
    ok(run("node_modules/.bin/ballast", ["verify"], context, store), "ballast verify in the build context");
    expect(statSync(path.join(context, "models/20260101-nlu.tar.gz")).size).toBe(20_000_000);

    // doctor in the clone: everything wired.
    const doctor = run("npx", ["ballast", "doctor"], clone);
    expect(doctor.status, output(doctor)).toBe(0);
    expect(existsSync(path.join(clone, "node_modules/.bin/husky"))).toBe(true);
    if (!hasGitLfs()) expect(doctor.stdout).toContain("git-lfs");
  });
});
