import { ballast, gitdir, installHook, pseudoRandom, tempDir } from "@ballast/test-utils";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const sha = (data: Buffer) => createHash("sha256").update(data).digest("hex");
const hashFile = (file: string) => sha(readFileSync(file));

/** Files under a folder, recursively (the store's objects). */
function objectsIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name)
    .sort();
}

/** A bot repo whose store is `file://../store` (beside the repo), with a hook; the model committed and pushed. */
function pushedBot(model: Buffer, name = "models/nlu.tar.gz") {
  const base = tempDir();
  const origin = gitdir({ "README.md": "# bot\n", "ballast.config.json": JSON.stringify({ extends: ["rasa"], store: "file://../store" }) });
  const repoDir = path.join(base, "bot");
  cpSync(origin.dir, repoDir, { recursive: true });
  const repo = { ...origin, dir: repoDir, git: (args: string[], o: Parameters<typeof origin.git>[1] = {}) => origin.git(args, { ...o, cwd: o.cwd ?? repoDir }) };
  installHook(repoDir, "pre-commit");
  mkdirSync(path.dirname(path.join(repoDir, name)), { recursive: true });
  writeFileSync(path.join(repoDir, name), model);
  repo.git(["add", "-A"]);
  expect(repo.git(["commit", "-m", "model"], { allowFail: true }).status).toBe(0);
  const pushed = ballast(["push"], { cwd: repoDir });
  expect(pushed.code).toBe(0);
  const store = path.join(base, "store");
  const clone = (into = path.join(base, `clone-${Math.random().toString(16).slice(2)}`)) => {
    repo.git(["clone", "-q", repoDir, into]);
    return into;
  };
  return { base, repo, repoDir, store, clone, name };
}

describe("push and pull through the file store", () => {
  it("round trip of a 21 MB model: a fresh clone pulls a byte-identical file, verified", () => {
    const model = pseudoRandom(21_000_000, "roundtrip");
    const { store, clone, name } = pushedBot(model);
    expect(objectsIn(store)).toEqual([sha(model)]);
    const dir = clone();
    expect(existsSync(path.join(dir, name))).toBe(false);
    const status = JSON.parse(ballast(["status", "--json"], { cwd: dir }).stdout);
    expect(status.files).toEqual([{ path: name, reference: `${name}.ballast`, sha256: sha(model), size: model.length, local: "missing", cached: false, stored: true }]);
    const pulled = ballast(["pull"], { cwd: dir });
    expect(pulled.code).toBe(0);
    expect(pulled.stdout).toContain("models/nlu.tar.gz");
    expect(hashFile(path.join(dir, name))).toBe(sha(model));
    // Pulling again verifies and leaves it; the clone's cache was filled on the way.
    expect(JSON.parse(ballast(["pull", "--json"], { cwd: dir }).stdout).files[0].action).toBe("present");
    expect(JSON.parse(ballast(["status", "--json"], { cwd: dir }).stdout).files[0]).toMatchObject({ local: "match", cached: true, stored: true });
    expect(ballast(["status"], { cwd: dir }).stdout).toMatch(/models\/nlu\.tar\.gz\s+21 MB\s+yes\s+yes\s+yes/);
  });

  it("stores the same model once, from two paths and from two repositories", () => {
    const model = pseudoRandom(1_000_000, "dedup");
    const first = pushedBot(model, "models/a.tar.gz");
    // A second repository pushing the same bytes under another name, to the same store.
    const other = gitdir({ "ballast.config.json": JSON.stringify({ extends: ["rasa"], store: `file://${first.store}` }) });
    other.write({ "models/b.tar.gz": model, "models/c.tar.gz": model });
    expect(ballast(["stow", "models/b.tar.gz", "models/c.tar.gz"], { cwd: other.dir }).code).toBe(0);
    const pushed = JSON.parse(ballast(["push", "--json"], { cwd: other.dir }).stdout);
    expect(pushed.summary).toMatchObject({ uploaded: 0, present: 1 });
    expect(objectsIn(first.store)).toEqual([sha(model)]);
  });

  it("refuses a tampered object in storage: exit 2, nothing written at the target", () => {
    const model = pseudoRandom(500_000, "tamper");
    const { store, clone, name } = pushedBot(model);
    const object = path.join(store, "sha256", sha(model).slice(0, 2), sha(model).slice(2, 4), sha(model));
    const evil = Buffer.from(model);
    evil[1234] ^= 0xff;
    writeFileSync(object, evil);
    const dir = clone();
    const result = ballast(["pull"], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/models\/nlu\.tar\.gz does not match its reference/);
    expect(result.stderr).toMatch(/fix:/);
    expect(existsSync(path.join(dir, name))).toBe(false);
    expect(readdirSync(path.join(dir, "models"))).toEqual(["nlu.tar.gz.ballast"]);
    expect(objectsIn(path.join(dir, ".git", "ballast"))).toEqual([]);
  });

  it("an interrupted download (kill -9) leaves no file at the target; the next pull finishes", () => {
    const model = pseudoRandom(1_500_000, "kill");
    const { clone, name } = pushedBot(model);
    const dir = clone();
    const killed = ballast(["pull"], { cwd: dir, env: { BALLAST_TEST_KILL_AT: "pull:during-download" } });
    expect(killed.code).toBe(-1);
    expect(existsSync(path.join(dir, name))).toBe(false);
    const again = ballast(["pull"], { cwd: dir });
    expect(again.code).toBe(0);
    expect(hashFile(path.join(dir, name))).toBe(sha(model));
    expect(readdirSync(path.join(dir, "models")).sort()).toEqual(["nlu.tar.gz", "nlu.tar.gz.ballast"]);
  });

  it("never overwrites a local file that differs from its reference without --force", () => {
    const model = pseudoRandom(200_000, "local");
    const { clone, name } = pushedBot(model);
    const dir = clone();
    writeFileSync(path.join(dir, name), "my local experiment");
    const result = ballast(["pull"], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`npx ballast pull --force ${name}`);
    expect(readFileSync(path.join(dir, name), "utf8")).toBe("my local experiment");
    const forced = ballast(["pull", "--force", name], { cwd: dir });
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain("1 restored");
    expect(hashFile(path.join(dir, name))).toBe(sha(model));
  });

  it("refuses references that leave the repository or go through a symlink (exit 2, file named)", () => {
    const model = pseudoRandom(1000, "unsafe");
    const { clone } = pushedBot(model);
    const dir = clone();
    const outside = tempDir();
    mkdirSync(path.join(dir, "evil"));
    writeFileSync(path.join(dir, "evil", "x.ballast"), JSON.stringify({ ballast: 1, path: "../../escape", sha256: sha(model), size: 1000 }));
    const leave = ballast(["pull"], { cwd: dir });
    expect(leave.code).toBe(2);
    expect(leave.stderr).toContain("evil/x.ballast");
    expect(existsSync(path.join(dir, "..", "escape"))).toBe(false);

    const dir2 = clone();
    symlinkSync(outside, path.join(dir2, "linked"));
    writeFileSync(path.join(dir2, "linked.ballast"), "");
    mkdirSync(path.join(dir2, "sub"));
    symlinkSync(outside, path.join(dir2, "sub", "models"));
    writeFileSync(path.join(dir2, "sub", "real.ballast"), JSON.stringify({ ballast: 1, path: "models/x.bin", sha256: sha(model), size: 1000 }));
    const through = ballast(["pull", "sub/models/x.bin"], { cwd: dir2 });
    expect(through.code).toBe(2);
    expect(through.stderr).toMatch(/sub\/real\.ballast .*symlink sub\/models/);
    expect(readdirSync(outside)).toEqual([]);
  });

  it("pulls in a Docker-style checkout without .git, with the store from BALLAST_STORE", () => {
    const model = pseudoRandom(300_000, "docker");
    const { repoDir, store, name } = pushedBot(model);
    const context = path.join(tempDir(), "app");
    cpSync(repoDir, context, { recursive: true, filter: (src) => !src.includes(`${path.sep}.git`) || src.endsWith(".gitignore") });
    // The built image has no model and no git; its config names no store.
    cpSync(path.join(repoDir, name), path.join(context, "unrelated.bin"));
    writeFileSync(path.join(context, "ballast.config.json"), JSON.stringify({ extends: ["rasa"] }));
    writeFileSync(path.join(context, name), "");
    const noStore = ballast(["pull", "--force"], { cwd: context });
    expect(noStore.code).toBe(2);
    expect(noStore.stderr).toMatch(/no store is configured/);
    expect(noStore.stderr).toMatch(/BALLAST_STORE=s3:\/\//);
    const result = ballast(["pull", "--force"], { cwd: context, env: { BALLAST_STORE: `file://${store}` } });
    expect(result.code).toBe(0);
    expect(hashFile(path.join(context, name))).toBe(sha(model));
    expect(existsSync(path.join(context, ".git"))).toBe(false);
  });

  it("push reports a reference whose bytes are nowhere (unresolved-reference, exit 1)", () => {
    const repo = gitdir({ "ballast.config.json": JSON.stringify({ store: "file://../s" }), "lost.pt.ballast": JSON.stringify({ ballast: 1, path: "lost.pt", sha256: "e".repeat(64), size: 5 }) });
    const result = ballast(["push", "--json"], { cwd: repo.dir });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).findings[0]).toMatchObject({ rule: "unresolved-reference", path: "lost.pt" });
  });
});
