import { ballast, gitdir, installHook, pseudoRandom, tempDir } from "@ballast/test-utils";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

const sha = (data: Buffer) => createHash("sha256").update(data).digest("hex");

/** A Rasa bot with the rasa preset (redirect: auto), a file store, and a real pre-commit hook. */
function bot(tree: Parameters<typeof gitdir>[0] = {}) {
  const repo = gitdir({ "README.md": "# bot\n", "ballast.config.json": JSON.stringify({ extends: ["rasa"], store: "file://../store" }), ...tree });
  installHook(repo.dir, "pre-commit");
  const files = (rev: string) => repo.git(["show", "--name-status", "--format=", rev]).stdout.trim().split("\n").sort();
  const porcelain = () => repo.git(["status", "--porcelain", "-z"]).stdout.split("\0").filter(Boolean);
  return { repo, files, porcelain };
}

/**
 * Logs every load of an @aws-sdk module to a file: proves the SDK stays unloaded. The bin
 * is CommonJS (its import() of the SDK becomes a require()), so the log covers both ways
 * in: Module._load for require(), a resolve hook for ESM imports.
 */
function sdkLogger(): { env: NodeJS.ProcessEnv; loaded: () => string } {
  const dir = tempDir();
  const log = path.join(dir, "sdk.log");
  writeFileSync(log, "");
  const hooks = path.join(dir, "hooks.mjs");
  writeFileSync(
    hooks,
    `import { appendFileSync } from "node:fs";\nexport async function resolve(s, c, next) { if (s.includes("@aws-sdk")) appendFileSync(${JSON.stringify(log)}, s + "\\n"); return next(s, c); }\n`,
  );
  const register = path.join(dir, "register.mjs");
  writeFileSync(register, `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
  const preload = path.join(dir, "preload.cjs");
  writeFileSync(
    preload,
    `const Module = require("node:module"); const { appendFileSync } = require("node:fs"); const load = Module._load;\nModule._load = function (request, ...rest) { if (request.includes("@aws-sdk")) appendFileSync(${JSON.stringify(log)}, request + "\\n"); return load.call(this, request, ...rest); };\n`,
  );
  return { env: { NODE_OPTIONS: `--require=${preload} --import=${pathToFileURL(register).href}` }, loaded: () => readFileSync(log, "utf8") };
}

it("the SDK logger sees the SDK when it is loaded, by require() and by import()", () => {
  const sdk = sdkLogger();
  const guard = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
  for (const code of ['require("@aws-sdk/client-s3")', 'import("@aws-sdk/client-s3")']) {
    const run = spawnSync(process.execPath, ["-e", code], { cwd: guard, env: { ...process.env, ...sdk.env }, encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
  }
  expect(sdk.loaded().match(/@aws-sdk\/client-s3/g)?.length).toBeGreaterThanOrEqual(2);
});

describe("auto-redirect through a real pre-commit hook", () => {
  it("git commit: commits only the reference and .gitignore, prints what it stowed, without loading the AWS SDK", () => {
    const { repo, files, porcelain } = bot();
    const model = pseudoRandom(12_000_000, "rasa");
    repo.write({ "models/20260101-nlu.tar.gz": model });
    repo.git(["add", "models"]);
    const sdk = sdkLogger();
    const result = repo.git(["commit", "-m", "train"], { env: sdk.env, allowFail: true });
    expect(result.status).toBe(0);
    expect(result.stdout + result.stderr).toMatch(/stowed models\/20260101-nlu\.tar\.gz 12 MB → models\/20260101-nlu\.tar\.gz\.ballast/);
    expect(files("HEAD")).toEqual(["A\t.gitignore", "A\tmodels/20260101-nlu.tar.gz.ballast"]);
    expect(JSON.parse(repo.git(["show", "HEAD:models/20260101-nlu.tar.gz.ballast"]).stdout)).toEqual({ ballast: 1, path: "20260101-nlu.tar.gz", sha256: sha(model), size: model.length });
    expect(porcelain()).toEqual([]);
    expect(readFileSync(path.join(repo.dir, "models/20260101-nlu.tar.gz")).equals(model)).toBe(true);
    expect(sdk.loaded()).toBe("");
  });

  it("stows the staged bytes, not a different working-tree version", () => {
    const { repo } = bot();
    const staged = pseudoRandom(200_000, "staged");
    repo.write({ "models/m.tar.gz": staged });
    repo.git(["add", "models"]);
    repo.write({ "models/m.tar.gz": pseudoRandom(300_000, "later edit") });
    expect(repo.git(["commit", "-m", "m"], { allowFail: true }).status).toBe(0);
    expect(JSON.parse(repo.git(["show", "HEAD:models/m.tar.gz.ballast"]).stdout).sha256).toBe(sha(staged));
    expect(readFileSync(path.join(repo.dir, ".git/ballast/objects/sha256", sha(staged).slice(0, 2), sha(staged).slice(2, 4), sha(staged))).equals(staged)).toBe(true);
  });

  it("git commit -a: redirects a tracked model that changed, and leaves the index consistent", () => {
    const { repo, files, porcelain } = bot();
    repo.commit("old model, before ballast", { "models/old.tar.gz": pseudoRandom(50_000, "v1") });
    const v2 = pseudoRandom(3_000_000, "v2");
    repo.write({ "models/old.tar.gz": v2 });
    const result = repo.git(["commit", "-a", "-m", "retrain"], { allowFail: true });
    expect(result.status).toBe(0);
    expect(files("HEAD")).toEqual(["A\t.gitignore", "A\tmodels/old.tar.gz.ballast", "D\tmodels/old.tar.gz"]);
    expect(repo.git(["ls-files"]).stdout).not.toContain("models/old.tar.gz\n");
    expect(porcelain()).toEqual([]);
    expect(JSON.parse(readFileSync(path.join(repo.dir, "models/old.tar.gz.ballast"), "utf8")).sha256).toBe(sha(v2));
  });

  it("git commit PATH (temporary index): blocks with the exact stow command, the real index untouched", () => {
    const { repo } = bot();
    repo.write({ "models/x.tar.gz": pseudoRandom(100_000, "x"), "notes.md": "n\n" });
    repo.git(["add", "-A"]);
    const before = repo.git(["ls-files", "-s"]).stdout;
    const result = repo.git(["commit", "-m", "only", "--", "models/x.tar.gz"], { allowFail: true });
    expect(result.status).toBe(1);
    expect(result.stdout + result.stderr).toContain("npx ballast stow models/x.tar.gz");
    expect(result.stdout + result.stderr).toMatch(/temporary index/);
    expect(repo.git(["rev-list", "--count", "HEAD"]).stdout.trim()).toBe("1");
    expect(repo.git(["ls-files", "-s"]).stdout).toBe(before);
    expect(existsSync(path.join(repo.dir, "models/x.tar.gz.ballast"))).toBe(false);
    // The printed command, then a plain commit, finishes the job.
    expect(ballast(["stow", "models/x.tar.gz"], { cwd: repo.dir }).code).toBe(0);
    expect(repo.git(["commit", "-m", "stowed"], { allowFail: true }).status).toBe(0);
    expect(repo.git(["show", "--name-only", "--format=", "HEAD"]).stdout.split("\n").filter(Boolean).sort()).toEqual([".gitignore", "models/x.tar.gz.ballast", "notes.md"]);
  });

  it("block mode: stops the commit with the stow command", () => {
    const repo = gitdir({ "README.md": "x\n", ".ballastrc.json": JSON.stringify({ extends: ["rasa"], redirect: { mode: "block" } }) });
    installHook(repo.dir, "pre-commit");
    repo.write({ "models/x.tar.gz": pseudoRandom(1000) });
    repo.git(["add", "-A"]);
    const result = repo.git(["commit", "-m", "x"], { allowFail: true });
    expect(result.status).toBe(1);
    expect(result.stdout + result.stderr).toContain("npx ballast stow models/x.tar.gz");
  });
});
