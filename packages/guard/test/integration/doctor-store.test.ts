import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { ballast, gitdir, pseudoRandom, tempDir } from "@ballast/test-utils";
import { installBin } from "../e2e/fix-table/bot.js";
import { describe, expect, it } from "vitest";
import { ownedTempPrefix } from "../../src/cache/temps.js";

type Check = { id: string; status: string; detail: string; problems?: string[]; fix?: string };
const doctor = (cwd: string) => {
  const result = ballast(["doctor", "--json"], { cwd });
  const checks = JSON.parse(result.stdout).checks as Check[];
  return { code: result.code, check: (id: string) => checks.find((c) => c.id === id), checks };
};

/** A repository whose models are stowed and pushed to a file:// store; and a fresh clone of it (empty cache). */
function storedBot(models = ["models/nlu.tar.gz"]) {
  const base = tempDir();
  const store = path.join(base, "store");
  const repo = gitdir({ "README.md": "# bot\n", "ballast.config.json": JSON.stringify({ extends: ["rasa"], store: `file://${store}` }) });
  for (const [i, name] of models.entries()) repo.write({ [name]: pseudoRandom(200_000 + i, name) });
  expect(ballast(["stow", ...models], { cwd: repo.dir }).code).toBe(0);
  repo.commit("models, stowed");
  expect(ballast(["push"], { cwd: repo.dir }).code).toBe(0);
  const clone = path.join(base, "clone");
  repo.git(["clone", "-q", repo.dir, clone]);
  return { repo, store, clone, url: `file://${store}` };
}

/** node_modules/.bin with the built ballast, so `npx ballast` runs it as in a user's install. */
function binDir(dir: string): string {
  installBin(dir);
  return path.join(dir, "node_modules", ".bin");
}

/** Temporary files in the cache: what a killed writer leaves. */
const cacheTemps = (dir: string) => {
  const tmp = path.join(dir, ".git/ballast/objects/tmp");
  let names: string[] = [];
  try {
    names = readdirSync(tmp);
  } catch {
    return [];
  }
  return names.filter((n) => n.includes("ballast-tmp")).map((n) => ({ name: n, size: statSync(path.join(tmp, n)).size }));
};

describe("doctor knows the store", () => {
  it("the store folder is gone and the clone's references need it: store and objects fail, naming the store and the count", () => {
    const { store, clone, url } = storedBot(["models/nlu.tar.gz", "models/core.tar.gz"]);
    rmSync(store, { recursive: true, force: true });
    const { code, check } = doctor(clone);
    expect(code).toBe(1);
    expect(check("store")).toMatchObject({ status: "fail" });
    expect(check("store")!.detail).toContain(url);
    expect(check("objects")).toMatchObject({ status: "fail" });
    expect(check("objects")!.detail).toContain(url);
    expect(check("objects")!.detail).toMatch(/\b2 of 2\b/);
    const pretty = ballast(["doctor"], { cwd: clone });
    expect(pretty.stdout).not.toContain("ballast is ready");
  });

  it("one object missing from the store and the cache: objects fails with the count and the path", () => {
    const { store, clone, url } = storedBot(["models/nlu.tar.gz", "models/core.tar.gz"]);
    const objects = readdirSync(store, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    rmSync(path.join(objects[0]!.parentPath, objects[0]!.name));
    const { code, check } = doctor(clone);
    expect(code).toBe(1);
    expect(check("store")!.status).toBe("ok");
    expect(check("objects")!.detail).toMatch(/\b1 of 2\b/);
    expect(check("objects")!.detail).toContain(url);
    expect(check("objects")!.problems).toHaveLength(1);
  });

  it("the store folder is gone but the cache has every object: store fails, and its fix (ballast push) fixes it", () => {
    const { repo, store } = storedBot();
    rmSync(store, { recursive: true, force: true });
    const before = doctor(repo.dir);
    expect(before.code).toBe(1);
    expect(before.check("store")).toMatchObject({ status: "fail", fix: "npx ballast push" });
    expect(ballast(["push"], { cwd: repo.dir }).code).toBe(0);
    const after = doctor(repo.dir);
    expect(after.check("store")!.status).toBe("ok");
    expect(after.check("objects")!.status).toBe("ok");
  });

  it("the store lost an object the cache still has (pushed before, so git push uploads nothing): objects warns, and its fix (ballast push) fixes it", () => {
    const { repo, store } = storedBot();
    // What `find STORE -type f -delete` leaves: the folders, no objects.
    for (const e of readdirSync(store, { recursive: true, withFileTypes: true })) if (e.isFile()) rmSync(path.join(e.parentPath, e.name));
    const before = doctor(repo.dir);
    expect(before.check("store")!.status).toBe("ok");
    expect(before.check("objects")).toMatchObject({ status: "warn", fix: "npx ballast push" });
    expect(before.check("objects")!.problems).toEqual([expect.stringContaining("models/nlu.tar.gz")]);
    const fixed = spawnSync("sh", ["-c", before.check("objects")!.fix!], { cwd: repo.dir, encoding: "utf8", env: { ...process.env, PATH: `${binDir(repo.dir)}:${process.env.PATH}` } });
    expect(fixed.status, fixed.stderr).toBe(0);
    expect(doctor(repo.dir).check("objects")!.status).toBe("ok");
  });

  it("all present: objects is ok and says how many", () => {
    const { clone } = storedBot();
    const { check } = doctor(clone);
    expect(check("objects")).toMatchObject({ status: "ok" });
    expect(check("objects")!.detail).toMatch(/\b1\b/);
  });
});

describe("temporary files left by an interrupted stow or pull", () => {
  it("a stow killed while hashing: doctor shows the leftover with its size; the next stow removes it", () => {
    const repo = gitdir({ "README.md": "x\n", ".ballastrc.json": JSON.stringify({ extends: ["ml"] }), "models/net.pt": pseudoRandom(3_000_000, "kill") });
    const killed = ballast(["stow", "models/net.pt"], { cwd: repo.dir, env: { BALLAST_TEST_KILL_AT: "stow:during-cache:3" } });
    expect(killed.code).toBe(-1);
    const temps = cacheTemps(repo.dir);
    expect(temps).toHaveLength(1);
    const { check } = doctor(repo.dir);
    expect(check("cache")!.status).toBe("warn");
    expect(check("cache")!.problems!.join("\n")).toMatch(/\d+(\.\d+)? [kM]B/);
    expect(ballast(["stow", "models/net.pt"], { cwd: repo.dir }).code).toBe(0);
    expect(cacheTemps(repo.dir)).toEqual([]);
    expect(doctor(repo.dir).check("cache")!.status).toBe("ok");
  });

  it("a pull killed mid-download: doctor shows it; running doctor's fix as printed removes it", () => {
    const { clone } = storedBot();
    const killed = ballast(["pull"], { cwd: clone, env: { BALLAST_TEST_KILL_AT: "pull:during-download" } });
    expect(killed.code).toBe(-1);
    expect(cacheTemps(clone)).toHaveLength(1);
    const cache = doctor(clone).check("cache")!;
    expect(cache.status).toBe("warn");
    expect(cache.fix).toBe("npx ballast pull");
    expect(ballast(cache.fix!.split(" ").slice(2), { cwd: clone }).code).toBe(0);
    expect(cacheTemps(clone)).toEqual([]);
    expect(doctor(clone).check("cache")!.status).toBe("ok");
  });

  it("a temporary file of a run still going is left alone", () => {
    const repo = gitdir({ "README.md": "x\n", ".ballastrc.json": JSON.stringify({ extends: ["ml"] }), "models/a.pt": pseudoRandom(100_000, "a") });
    // A temporary owned by a process that is running (this test's own): not a leftover.
    const tmp = path.join(repo.dir, ".git/ballast/objects/tmp");
    mkdirSync(tmp, { recursive: true });
    const live = `${ownedTempPrefix(process.pid, hostname())}0123456789ab`;
    writeFileSync(path.join(tmp, live), "partial");
    expect(ballast(["stow", "models/a.pt"], { cwd: repo.dir }).code).toBe(0);
    expect(readdirSync(tmp)).toContain(live);
    expect(doctor(repo.dir).check("cache")!.status).toBe("ok");
  });
});
