import { gitdir, installHook, pseudoRandom, tempDir, writeTree, type GitDir } from "@ballast/test-utils";
import { createHash } from "node:crypto";
import { cpSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ballastAsync } from "./run.js";

/**
 * Catalogue: concurrency. Two processes at once (an editor's commit and a terminal's, two
 * pulls sharing a cache, two uploads of one object): the end result equals a serial run.
 * A process may lose a race and say so (exit 2, git's index.lock); then running it again
 * finishes, and nothing is lost either way.
 */
const sha = (data: Buffer) => createHash("sha256").update(data).digest("hex");
const CONFIG = JSON.stringify({ store: "file://../store", redirect: { files: ["models/**"], mode: "auto" } });

function repoWithStore(): GitDir {
  const base = tempDir();
  const origin = gitdir({ "README.md": "# bot\n", "ballast.config.json": CONFIG });
  const dir = path.join(base, "repo");
  cpSync(origin.dir, dir, { recursive: true });
  return { ...origin, dir, git: (args, o = {}) => origin.git(args, { ...o, cwd: o.cwd ?? dir }), write: (t) => writeTree(dir, t) };
}

const files = (dir: string) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();

describe("concurrency catalogue", () => {
  it("two stows of different files at once: both lines end up in .gitignore (disk and index), both references staged", async () => {
    for (let round = 0; round < 3; round++) {
      const repo = repoWithStore();
      repo.write({ "models/a.bin": pseudoRandom(2_000_000, `a${round}`), "models/b.bin": pseudoRandom(2_000_000, `b${round}`) });
      const [a, b] = await Promise.all([ballastAsync(["stow", "models/a.bin"], { cwd: repo.dir }), ballastAsync(["stow", "models/b.bin"], { cwd: repo.dir })]);
      // A loser of git's index.lock race may exit 2; running it again must finish.
      for (const [run, name] of [[a, "a"], [b, "b"]] as const) {
        expect(run.stderr).not.toContain("internal error");
        if (run.code !== 0) {
          expect(run.code).toBe(2);
          expect((await ballastAsync(["stow", `models/${name}.bin`], { cwd: repo.dir })).code).toBe(0);
        }
      }
      const disk = readFileSync(path.join(repo.dir, ".gitignore"), "utf8");
      const staged = repo.git(["show", ":.gitignore"]).stdout;
      for (const text of [disk, staged]) {
        expect(text).toContain("/models/a.bin");
        expect(text).toContain("/models/b.bin");
      }
      const index = repo.git(["ls-files"]).stdout.split("\n");
      expect(index).toEqual(expect.arrayContaining(["models/a.bin.ballast", "models/b.bin.ballast"]));
      expect(index).not.toContain("models/a.bin");
      expect(index).not.toContain("models/b.bin");
      expect(repo.git(["status", "--porcelain", "--untracked-files=all"]).stdout.split("\n").filter((l) => l.startsWith("??"))).toEqual([]);
    }
  });

  it("two commits racing through the hook (auto redirect): one history, the model stowed once, nothing untracked", async () => {
    const repo = repoWithStore();
    installHook(repo.dir, "pre-commit");
    repo.write({ "models/m.bin": pseudoRandom(3_000_000, "race"), "notes.txt": "n\n" });
    repo.git(["add", "-A"]);
    const commit = () =>
      new Promise<number>((resolve) => {
        const { spawn } = require("node:child_process") as typeof import("node:child_process");
        const child = spawn("git", ["commit", "-m", "race"], { cwd: repo.dir, stdio: "ignore" });
        child.on("close", (code) => resolve(code ?? -1));
      });
    const codes = await Promise.all([commit(), commit()]);
    expect(codes).toContain(0);
    const tree = repo.git(["ls-tree", "-r", "--name-only", "HEAD"]).stdout.trim().split("\n");
    expect(tree).toEqual(expect.arrayContaining(["models/m.bin.ballast", "notes.txt", ".gitignore"]));
    expect(tree).not.toContain("models/m.bin");
    expect(tree.filter((p) => p.endsWith(".ballast.ballast"))).toEqual([]);
    expect(repo.git(["status", "--porcelain", "--untracked-files=all"]).stdout).toBe("");
  });

  it("two pulls into one cache at once (two worktrees): both files verified, one cache object, no temporaries", async () => {
    const repo = repoWithStore();
    const model = pseudoRandom(8_000_000, "two-pulls");
    // An absolute store: the worktree's own config must find the same one.
    repo.write({ "models/m.bin": model, "ballast.config.json": JSON.stringify({ store: `file://${path.join(tempDir(), "store")}` }) });
    expect((await ballastAsync(["stow", "models/m.bin"], { cwd: repo.dir })).code).toBe(0);
    expect((await ballastAsync(["push"], { cwd: repo.dir })).code).toBe(0);
    repo.git(["add", "-A"]);
    repo.git(["commit", "-q", "--no-verify", "-m", "model"]);
    const wt = path.join(tempDir(), "wt");
    repo.git(["worktree", "add", "-q", "-b", "side", wt]);
    rmSync(path.join(repo.dir, "models", "m.bin"));
    rmSync(path.join(repo.dir, ".git", "ballast"), { recursive: true, force: true });
    const [a, b] = await Promise.all([ballastAsync(["pull"], { cwd: repo.dir }), ballastAsync(["pull"], { cwd: wt })]);
    expect(a.code, a.output).toBe(0);
    expect(b.code, b.output).toBe(0);
    for (const dir of [repo.dir, wt]) expect(sha(readFileSync(path.join(dir, "models", "m.bin")))).toBe(sha(model));
    expect(files(path.join(repo.dir, ".git", "ballast")).filter((f) => !f.includes("tmp"))).toEqual([path.join("objects", "sha256", sha(model).slice(0, 2), sha(model).slice(2, 4), sha(model))]);
    expect(files(path.join(repo.dir, ".git", "ballast")).filter((f) => f.includes("tmp"))).toEqual([]);
  });

  it("two uploads of the same object at once (two clones, one store): stored once, byte-identical", async () => {
    const model = pseudoRandom(8_000_000, "two-uploads");
    const a = repoWithStore();
    const b = repoWithStore();
    const store = path.join(tempDir(), "shared-store");
    for (const r of [a, b]) {
      r.write({ "ballast.config.json": JSON.stringify({ store: `file://${store}` }), "models/m.bin": model });
      expect((await ballastAsync(["stow", "models/m.bin"], { cwd: r.dir })).code).toBe(0);
    }
    const [pa, pb] = await Promise.all([ballastAsync(["push"], { cwd: a.dir }), ballastAsync(["push"], { cwd: b.dir })]);
    expect(pa.code, pa.output).toBe(0);
    expect(pb.code, pb.output).toBe(0);
    const stored = files(store);
    expect(stored).toEqual([path.join("sha256", sha(model).slice(0, 2), sha(model).slice(2, 4), sha(model))]);
    expect(sha(readFileSync(path.join(store, stored[0]!)))).toBe(sha(model));
  });
});
