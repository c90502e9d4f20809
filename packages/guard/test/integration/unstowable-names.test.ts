import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ballast, BALLAST_BIN, gitdir, pseudoRandom, tempDir } from "@ballast/test-utils";
import { describe, expect, it } from "vitest";

// Names no ballast reference can hold: a backslash (Windows reads it as a folder separator;
// ref/format.ts refuses it) and control characters (no .gitignore line can name them).
// stow refuses them up front with a rename that works; migrate leaves them and says the
// push is not fixed (exit 1, no "git push" step); the history fixes give words, never a
// `ballast migrate` that would leave the finding where it is.

type Json = { findings: Array<{ rule: string; path: string; message: string; fix?: string }>; notes?: string[]; push?: string[] };
const NAMES = ["x\\y.bin", "new\nline.bin"];

function repo() {
  const store = tempDir("ballast-store-");
  const r = gitdir({ "README.md": "x\n", "ballast.config.json": JSON.stringify({ store: `file://${store}` }), ".gitignore": "node_modules/\n" });
  // `npx ballast` in a printed fix is the built CLI, as after npm install.
  mkdirSync(path.join(r.dir, "node_modules/.bin"), { recursive: true });
  writeFileSync(path.join(r.dir, "node_modules/.bin/ballast"), `#!/bin/sh\nexec "${process.execPath}" "${BALLAST_BIN}" "$@"\n`, { mode: 0o755 });
  return r;
}

describe("names no reference can hold", () => {
  for (const name of NAMES) {
    it(`stow ${JSON.stringify(name)}: refused before anything changes, and its fix (a rename, then stow) works`, () => {
      const r = repo();
      r.write({ [name]: pseudoRandom(2_000_000, name) });
      const run = ballast(["stow", name, "--json"], { cwd: r.dir });
      expect(run.code).toBe(2);
      const { error } = JSON.parse(run.stdout) as { error: { message: string; fix: string } };
      expect(error.message).toMatch(/cannot be stowed; nothing was changed$/);
      expect(r.git(["status", "--porcelain", "-z"]).stdout).toBe(`?? ${name}\0`);
      // bash, as in a user's terminal: a name with a newline is quoted $'…' (dash's sh has no such quoting).
      const fixed = spawnSync("bash", ["-c", error.fix], { cwd: r.dir, encoding: "utf8" });
      expect(fixed.status, `${error.fix}\n${fixed.stderr}`).toBe(0);
      const renamed = name.replace(/[\\\n]/, "_");
      expect(existsSync(path.join(r.dir, `${renamed}.ballast`))).toBe(true);
      expect(r.git(["ls-files", "--stage", "--", name]).stdout).toBe("");
      expect(r.git(["diff", "--cached", "--name-only"]).stdout.split("\n")).toContain(`${renamed}.ballast`);
    });
  }

  it("pre-push: words instead of a migrate that cannot help; migrate leaves them, exits 1 and prints no push step", () => {
    const r = repo();
    const remote = gitdir({}, { bare: true });
    r.git(["remote", "add", "origin", remote.dir]);
    r.git(["push", "-q", "origin", "main"]);
    r.write(Object.fromEntries([...NAMES, "ok.bin"].map((n) => [n, pseudoRandom(1_500_000, n)])));
    r.git(["add", "-A"]);
    r.git(["commit", "-q", "--no-verify", "-m", "models"]);
    const input = `refs/heads/main ${r.git(["rev-parse", "HEAD"]).stdout.trim()} refs/heads/main ${r.git(["rev-parse", "origin/main"]).stdout.trim()}\n`;
    const run = ballast(["pre-push", "origin", "--json"], { cwd: r.dir, input });
    expect(run.code).toBe(1);
    const findings = (JSON.parse(run.stdout) as Json).findings;
    for (const name of NAMES) {
      const f = findings.find((x) => x.path === name)!;
      expect(f.fix, name).toBeUndefined();
      expect(f.message, name).toMatch(/so ballast migrate cannot turn it into a reference: rewrite commit [0-9a-f]{12} and those after it without it, or under another name \(git rebase -i [0-9a-f]{12}\^\)$/);
    }
    expect(findings.find((x) => x.path === "ok.bin")!.fix).toBe("npx ballast migrate");
    const migrated = ballast(["migrate", "--json"], { cwd: r.dir });
    expect(migrated.code).toBe(1);
    const report = JSON.parse(migrated.stdout) as Json;
    expect(report.push).toEqual([]);
    for (const name of NAMES) expect(report.notes!.some((n) => n.startsWith(`${JSON.stringify(name)} contains`) && n.includes("a push still carries it"))).toBe(true);
  });

  it("receive: the same words for the pusher", () => {
    const r = repo();
    const bare = path.join(tempDir("ballast-server-"), "repo.git");
    r.git(["clone", "-q", "--bare", r.dir, bare]);
    const base = r.git(["rev-parse", "HEAD"]).stdout.trim();
    r.write({ "x\\y.bin": pseudoRandom(1_500_000, "bs") });
    r.git(["add", "-A"]);
    r.git(["commit", "-q", "--no-verify", "-m", "bs"]);
    r.git(["push", "-q", bare, "HEAD:refs/heads/incoming"]);
    const head = r.git(["rev-parse", "HEAD"]).stdout.trim();
    spawnSync("git", ["update-ref", "-d", "refs/heads/incoming"], { cwd: bare });
    const run = ballast(["receive"], { cwd: bare, env: { GIT_DIR: "." }, input: `${base} ${head} refs/heads/main\n` });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("Its name contains a backslash, which a ballast reference cannot hold");
    expect(run.stderr).not.toMatch(/fix: .*migrate/);
  });
});
