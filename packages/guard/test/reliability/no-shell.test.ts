import { ballast, gitdir, pseudoRandom, tempDir } from "@ballast/test-utils";
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Catalogue: no shell, no surprise execution. File names and config values that a shell
 * would run go through every command; a marker file must never appear. git is run by
 * absolute path, so a `git` planted in the repository is never the one started.
 */
const HOSTILE = ["$(touch PWNED)", "`touch PWNED`", "x; touch PWNED", "x && touch PWNED", "x | touch PWNED", "$(touch${IFS}PWNED)", "-oProxyCommand=touch PWNED"];

function pwned(...dirs: string[]): string[] {
  return dirs.flatMap((d) => ["PWNED", "models/PWNED"].map((p) => path.join(d, p))).filter((p) => existsSync(p));
}

describe("no-shell catalogue: hostile file names through every command", () => {
  it.each(HOSTILE)("%s: stow, status, push, pull, verify, check, audit run nothing", (name) => {
    const base = tempDir();
    const origin = gitdir({ "README.md": "x\n", "ballast.config.json": JSON.stringify({ store: "file://../store" }) });
    const dir = path.join(base, "repo");
    mkdirSync(dir);
    origin.git(["clone", "-q", origin.dir, dir]);
    const file = `models/${name}.bin`;
    mkdirSync(path.join(dir, "models"), { recursive: true });
    writeFileSync(path.join(dir, file), pseudoRandom(100_000, name));
    const runs = [
      ["stow", "--", file],
      ["status"],
      ["push"],
      ["check"],
      ["verify"],
      ["audit"],
    ].map((args) => ballast(args, { cwd: dir }));
    rmSync(path.join(dir, file));
    rmSync(path.join(dir, ".git", "ballast"), { recursive: true, force: true });
    runs.push(ballast(["pull", "--", file], { cwd: dir }));
    for (const run of runs) expect(run.stderr).not.toContain("internal error");
    expect(runs[0]!.code, runs[0]!.output).toBe(0);
    expect(runs.at(-1)!.code, runs.at(-1)!.output).toBe(0);
    expect(readFileSync(path.join(dir, file)).equals(pseudoRandom(100_000, name))).toBe(true);
    expect(pwned(dir, base, process.cwd())).toEqual([]);
  });
});

const HOSTILE_CONFIGS: Array<[string, object]> = [
  ["a hooks key with a command", { hooks: { "pre-commit": "touch PWNED" } }],
  ["a command as a store URL", { store: "file://$(touch PWNED)" }],
  ["a command in an s3 endpoint", { store: { url: "s3://bucket/x", endpoint: "http://$(touch PWNED)" } }],
  ["a command as a preset name", { extends: ["$(touch PWNED)"] }],
  ["a command in a glob", { forbidden: ["$(touch PWNED)"], redirect: { files: ["`touch PWNED`"] } }],
  ["a command in a size", { limits: { block: "$(touch PWNED)" } }],
  ["a command in a rule setting", { rules: { binary: "touch PWNED" } }],
];

describe("no-shell catalogue: a committed config cannot run a command", () => {
  it.each(HOSTILE_CONFIGS)("%s", (_, config) => {
    const repo = gitdir({ "README.md": "x\n", ".ballastrc.json": JSON.stringify(config), "models/m.bin.ballast": `${JSON.stringify({ ballast: 1, path: "m.bin", sha256: "a".repeat(64), size: 1 })}\n` });
    repo.write({ "a.txt": "a\n" });
    repo.git(["add", "-A"]);
    for (const args of [["check"], ["pre-commit"], ["pull"], ["status"], ["doctor"]]) {
      const run = ballast(args, { cwd: repo.dir, timeout: 20_000 });
      expect(run.stderr).not.toContain("internal error");
    }
    expect(pwned(repo.dir, process.cwd())).toEqual([]);
  });
});

describe("no-shell catalogue: git is run by absolute path", () => {
  it.each([
    ["a relative PATH entry (bin)", "bin"],
    ["an empty PATH entry (the current folder)", ""],
    ["a dot PATH entry", "."],
  ])("a git planted in the repository is never run: %s", (_, entry) => {
    const repo = gitdir({ "README.md": "x\n" });
    const planted = path.join(repo.dir, entry || ".", "git");
    mkdirSync(path.dirname(planted), { recursive: true });
    writeFileSync(planted, `#!/bin/sh\ntouch "${path.join(repo.dir, "PWNED")}"\nexit 0\n`);
    chmodSync(planted, 0o755);
    const run = ballast(["check"], { cwd: repo.dir, env: { PATH: `${entry}:${process.env.PATH}` } });
    expect(run.code, run.output).toBe(0);
    expect(pwned(repo.dir)).toEqual([]);
  });

  it("a hostile .gitattributes (macros, odd filters, 100 kB of junk) is read, never run", () => {
    const junk = Array.from({ length: 2000 }, (_, i) => `path${i}/* filter=$(touch PWNED) diff=x -text`).join("\n");
    const repo = gitdir({ "README.md": "x\n" });
    repo.write({ ".gitattributes": `[attr]evil filter=lfs diff=lfs\n*.bin evil\n* ident\n${junk}\n\u0000\u00ff\n`, "a.bin": pseudoRandom(2_000_000) });
    repo.git(["add", "-A"]);
    const run = ballast(["check", "--json"], { cwd: repo.dir });
    expect([0, 1]).toContain(run.code);
    expect(run.stderr).not.toContain("internal error");
    expect(pwned(repo.dir)).toEqual([]);
  });
});
