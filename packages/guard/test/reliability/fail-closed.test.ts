import { ballast, gitdir, installHook, pseudoRandom, tempDir, type GitDir } from "@ballast/test-utils";
import { chmodSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Catalogue: fail closed. Something goes wrong that is not a finding; ballast must exit 2
 * with a one-line cause ("ballast: …") and what to do ("fix: …"), never 0, never a stack
 * trace, and a hook must stop the commit.
 */
interface Case {
  name: string;
  setup: (repo: GitDir) => { cwd?: string; env?: NodeJS.ProcessEnv; args?: string[] } | void;
  /** What the one-line cause must say. */
  cause: RegExp;
}

function corruptStagedObject(repo: GitDir, mode: "garbage" | "delete"): void {
  repo.write({ "big.bin": pseudoRandom(2_000_000, "corrupt") });
  repo.git(["add", "big.bin"]);
  const object = repo.git(["ls-files", "-s", "big.bin"]).stdout.split(" ")[1]!;
  const file = path.join(repo.dir, ".git", "objects", object.slice(0, 2), object.slice(2));
  chmodSync(file, 0o644);
  if (mode === "delete") rmSync(file);
  else writeFileSync(file, "garbage");
}

const CASES: Case[] = [
  { name: "git is not on PATH", setup: () => ({ env: { PATH: "/nonexistent" } }), cause: /git was not found/ },
  { name: "not a git repository", setup: () => ({ cwd: tempDir() }), cause: /not inside a git repository/ },
  { name: "--cwd names a missing folder", setup: (r) => ({ args: ["check", "--cwd", path.join(r.dir, "nope")] }), cause: /does not exist/ },
  { name: "a bare repository", setup: () => ({ cwd: gitdir({}, { bare: true }).dir }), cause: /bare|work tree|working tree/ },
  { name: "a staged object that is corrupt on disk", setup: (r) => corruptStagedObject(r, "garbage"), cause: /object|git/ },
  { name: "a staged object that is missing", setup: (r) => corruptStagedObject(r, "delete"), cause: /object|git/ },
  { name: "config: invalid JSON", setup: (r) => r.write({ ".ballastrc.json": "{ nope" }), cause: /config/ },
  { name: "config: a folder where the file should be", setup: (r) => mkdirSync(path.join(r.dir, ".ballastrc.json")), cause: /config/ },
  { name: "config: a typo in a key", setup: (r) => r.write({ ".ballastrc.json": JSON.stringify({ forbiden: [".env"] }) }), cause: /config/ },
  { name: "config: a bad size", setup: (r) => r.write({ ".ballastrc.json": JSON.stringify({ limits: { block: "ten MB" } }) }), cause: /config/ },
  { name: "config: .mjs that throws on import", setup: (r) => r.write({ "ballast.config.mjs": 'throw new Error("boom");\n' }), cause: /config/ },
  { name: "config: .ts with a syntax error", setup: (r) => r.write({ "ballast.config.ts": "export default { limits: { block: } };\n" }), cause: /config/ },
  { name: "config: default export is not an object", setup: (r) => r.write({ "ballast.config.mjs": "export default 42;\n" }), cause: /config/ },
  { name: "config: extends a package that is not installed", setup: (r) => r.write({ ".ballastrc.json": JSON.stringify({ extends: ["@acme/nope"] }) }), cause: /config/ },
  {
    name: 'config: package.json with a "ballast" key but broken JSON',
    setup: (r) => r.write({ "package.json": '{ "name": "bot", "ballast": { "forbidden": [".env"] }, }\n' }),
    cause: /package\.json|config|JSON/,
  },
  { name: "an unknown command", setup: () => ({ args: ["chek"] }), cause: /unknown command/ },
  { name: "an unknown option", setup: () => ({ args: ["check", "--frobnicate"] }), cause: /frobnicate|option/ },
  { name: "a bad --format", setup: () => ({ args: ["check", "--format", "xml"] }), cause: /format/ },
  { name: "a path outside the repository", setup: () => ({ args: ["check", "/etc/passwd"] }), cause: /outside the repository/ },
  {
    name: "BALLAST_STORE with credentials in the URL",
    setup: (r) => {
      r.write({ "models/m.bin.ballast": `${JSON.stringify({ ballast: 1, path: "m.bin", sha256: "a".repeat(64), size: 1 })}\n` });
      return { args: ["pull"], env: { BALLAST_STORE: "s3://AKIA:secret@bucket/x" } };
    },
    cause: /credentials/,
  },
];

describe("fail-closed catalogue", () => {
  it.each(CASES.map((c) => [c.name, c] as const))("%s: exit 2 with a cause and a fix", (_, c) => {
    const repo = gitdir({ "README.md": "# bot\n" });
    const { cwd, env, args } = c.setup(repo) ?? {};
    const run = ballast(args ?? ["check"], { cwd: cwd ?? repo.dir, ...(env ? { env } : {}) });
    expect(run.code, run.output).toBe(2);
    expect(run.stderr).toMatch(/^ballast: .+/m);
    expect(run.stderr.match(/^ballast: (.+)$/m)![1]).toMatch(c.cause);
    expect(run.stderr).toMatch(/^\s+fix: .+/m);
    expect(run.stderr).not.toMatch(/internal error|\n\s+at .+:\d+:\d+/);
    // --json: the same failure as one JSON object on stdout.
    if (args?.includes("--format")) return;
    const json = ballast([...(args ?? ["check"]), "--json"], { cwd: cwd ?? repo.dir, ...(env ? { env } : {}) });
    expect(json.code).toBe(2);
    if (json.stdout.trim()) expect(JSON.parse(json.stdout)).toMatchObject({ version: 1, error: { message: expect.any(String) } });
  });

  it.each([
    ["a broken config", (r: GitDir) => r.write({ "ballast.config.mjs": 'throw new Error("boom");\n' })],
    ["a corrupt staged object", (r: GitDir) => corruptStagedObject(r, "garbage")],
  ])("a real pre-commit hook stops the commit on %s", (_, setup) => {
    const repo = gitdir({ "README.md": "# bot\n" });
    installHook(repo.dir, "pre-commit");
    setup(repo);
    repo.write({ "a.txt": "a\n" });
    repo.git(["add", "a.txt"]);
    const before = repo.git(["rev-parse", "HEAD"]).stdout;
    const commit = repo.git(["commit", "-m", "x"], { allowFail: true });
    expect(commit.status).not.toBe(0);
    expect(repo.git(["rev-parse", "HEAD"]).stdout).toBe(before);
  });

  it("BALLAST_SKIP=0 does not skip", () => {
    const repo = gitdir({ "README.md": "# bot\n" });
    repo.write({ "big.bin": pseudoRandom(2_000_000) });
    repo.git(["add", "big.bin"]);
    expect(ballast(["pre-commit"], { cwd: repo.dir, env: { BALLAST_SKIP: "0" } }).code).toBe(1);
  });
});
