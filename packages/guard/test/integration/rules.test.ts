import { ballast, gitdir, hasGitLfs, pseudoRandom } from "@ballast/test-utils";
import { describe, expect, it } from "vitest";

const OID = "4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393";
const POINTER = `version https://git-lfs.github.com/spec/v1\noid sha256:${OID}\nsize 12345\n`;

interface JsonReport {
  findings: Array<{ rule: string; severity: string; path: string; size?: number; fix?: string; message: string }>;
  summary: { errors: number; warnings: number; checked: number; blocked: boolean };
}

/** Stage a tree in a fresh repository and run `ballast check --json` on it. */
function checkStaged(tree: Parameters<typeof gitdir>[0], config?: object) {
  const repo = gitdir({ "README.md": "# bot\n", ...(config ? { ".ballastrc.json": JSON.stringify(config) } : {}) });
  repo.write(tree);
  repo.git(["add", "-A"]);
  const run = ballast(["check", "--json"], { cwd: repo.dir });
  const report = JSON.parse(run.stdout) as JsonReport;
  return { run, report, repo, rules: report.findings.map((f) => `${f.severity}:${f.rule}:${f.path}`) };
}

describe("rules on the staged snapshot", () => {
  it("passes ordinary source files with exit 0", () => {
    const { run, report } = checkStaged({ "src/app.ts": "export const x = 1;\n", "data/nlu.yml": "nlu: []\n" });
    expect(run.code).toBe(0);
    expect(report.findings).toEqual([]);
    expect(report.summary.checked).toBe(2);
  });

  it("size: warns over warn, blocks over block, with the stow command", () => {
    const { run, rules, report } = checkStaged({ "logs/big.txt": "a".repeat(2_000_000), "logs/huge.txt": "b".repeat(11_000_000) });
    expect(run.code).toBe(1);
    expect(rules).toEqual(["error:size:logs/huge.txt", "warning:size:logs/big.txt"]);
    expect(report.findings[0]!.fix).toBe("npx ballast stow logs/huge.txt");
  });

  it("binary: blocks a 6 MB random binary but not a 500 kB one or an allowed one", () => {
    const { run, rules } = checkStaged(
      { "big.bin": { random: 6_000_000 }, "small.bin": { random: 500_000 }, "assets/fonts/a.bin": { random: 2_000_000 } },
      { allow: ["assets/fonts/**"] },
    );
    expect(run.code).toBe(1);
    expect(rules).toEqual(["error:binary:big.bin"]);
  });

  it("binary: a large UTF-16 text file with a BOM is not binary", () => {
    const text = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("hello\n".repeat(200_000), "utf16le")]);
    const { rules } = checkStaged({ "strings.txt": text });
    expect(rules).toEqual(["warning:size:strings.txt"]);
  });

  it("lfs-pointer-untracked: a Dockerfile that is pointer text (its bytes nowhere here: words, no fix)", () => {
    const { run, report } = checkStaged({ Dockerfile: POINTER });
    expect(run.code).toBe(1);
    expect(report.findings).toMatchObject([{ rule: "lfs-pointer-untracked", path: "Dockerfile", message: expect.stringContaining("not in this clone's LFS store") }]);
    expect(report.findings[0]!.fix).toBeUndefined();
  });

  it("lfs-pointer-untracked: no finding when the path is filter=lfs", () => {
    const { rules } = checkStaged({ ".gitattributes": "*.bin filter=lfs diff=lfs merge=lfs -text\n", "a.bin": POINTER });
    expect(rules).toEqual([]);
  });

  it("lfs-not-pointer: a filter=lfs path staged raw (git-lfs not installed)", () => {
    // GIT_CONFIG_NOSYSTEM and an isolated global config mean no lfs filter runs: the raw bytes are staged.
    const { run, rules } = checkStaged({ ".gitattributes": "*.bin filter=lfs diff=lfs merge=lfs -text\n", "weights.bin": { random: 4096 } });
    expect(run.code).toBe(1);
    expect(rules).toEqual(["error:lfs-not-pointer:weights.bin"]);
  });

  it("lfs-not-pointer: .gitattributes is read from the index, not the working tree", () => {
    const repo = gitdir({ "README.md": "x\n" });
    repo.write({ ".gitattributes": "*.bin filter=lfs\n", "w.bin": "raw\n" });
    repo.git(["add", "w.bin"]); // .gitattributes is not staged
    const run = ballast(["check", "--json"], { cwd: repo.dir });
    expect(JSON.parse(run.stdout).findings).toEqual([]);
  });

  it("lfs-malformed: uppercase hex, wrong version, over 1024 bytes", () => {
    const { rules } = checkStaged({
      "a.txt": POINTER.replace(OID, OID.toUpperCase()),
      "b.txt": POINTER.replace("spec/v1", "spec/v9"),
      "c.txt": `${POINTER}${"#".repeat(1500)}\n`,
    });
    expect(rules).toEqual(["error:lfs-malformed:a.txt", "error:lfs-malformed:b.txt", "error:lfs-malformed:c.txt"]);
  });

  it("forbidden: blocks .env at any depth when configured, off otherwise", () => {
    const on = checkStaged({ ".env": "TOKEN=1\n", "svc/.env": "X=1\n", "key.pem": "-----BEGIN-----\n" }, { forbidden: [".env", "*.pem"] });
    expect(on.rules).toEqual(["error:forbidden:.env", "error:forbidden:key.pem", "error:forbidden:svc/.env"]);
    expect(checkStaged({ ".env": "TOKEN=1\n" }).rules).toEqual([]);
  });

  it("redirect (block): a Rasa model under the rasa preset, with the stow command", () => {
    const { run, report } = checkStaged({ "models/20201010-nlu.tar.gz": { random: 3_000_000 } }, { extends: ["rasa"], redirect: { mode: "block" } });
    expect(run.code).toBe(1);
    expect(report.findings).toEqual([
      expect.objectContaining({ rule: "redirect", path: "models/20201010-nlu.tar.gz", fix: "npx ballast stow models/20201010-nlu.tar.gz" }),
    ]);
  });

  it("overrides: per-glob limits and rule settings, last match wins", () => {
    const { rules } = checkStaged(
      { "docs/shot.png": { random: 3_000_000 }, "other/shot.png": { random: 3_000_000 } },
      {
        limits: { warn: "5 MB" },
        overrides: [
          { files: ["docs/**"], limits: { binary: "5 MB" } },
          { files: ["other/**"], rules: { binary: "warn" } },
        ],
      },
    );
    expect(rules).toEqual(["warning:binary:other/shot.png"]);
  });

  it("rules: off silences a rule, warn never blocks", () => {
    expect(checkStaged({ "x.bin": { random: 2_000_000 } }, { rules: { binary: "off" } }).rules).toEqual(["warning:size:x.bin"]);
    const warned = checkStaged({ "x.bin": { random: 2_000_000 } }, { rules: { binary: "warn" } });
    expect(warned.run.code).toBe(0);
  });

  it("judges what was staged, not the working tree (a file truncated after git add)", () => {
    const repo = gitdir({ "README.md": "x\n" });
    repo.write({ "big.bin": pseudoRandom(3_000_000) });
    repo.git(["add", "big.bin"]);
    repo.write({ "big.bin": "now small\n" });
    const run = ballast(["check", "--json"], { cwd: repo.dir });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).findings[0]).toMatchObject({ rule: "binary", size: 3_000_000 });
  });

  it("ignores deletions, symlinks and submodules", () => {
    const repo = gitdir({ "old.bin": pseudoRandom(10), "README.md": "x\n" });
    repo.git(["rm", "-q", "old.bin"]);
    repo.write({ link: { symlink: "/etc/passwd" } });
    const sub = gitdir({ "big.bin": pseudoRandom(3_000_000) });
    repo.git(["-c", "protocol.file.allow=always", "submodule", "add", "-q", sub.dir, "vendor/sub"]);
    repo.git(["add", "-A"]);
    const run = ballast(["check", "--json"], { cwd: repo.dir });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).summary.checked).toBe(1); // .gitmodules only
  });

  it.runIf(hasGitLfs())("a real git-lfs pointer made by git-lfs passes (git-lfs installed)", () => {
    const repo = gitdir({ "README.md": "x\n" });
    repo.git(["lfs", "install", "--local"]);
    repo.git(["lfs", "track", "*.bin"]);
    repo.write({ "weights.bin": pseudoRandom(3_000_000) });
    repo.git(["add", "-A"]);
    const run = ballast(["check", "--json"], { cwd: repo.dir });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).findings).toEqual([]);
  });
});

describe("check PATH...", () => {
  it("judges the staged version of the given paths, absolute or relative, from a subfolder", () => {
    const repo = gitdir({ "README.md": "x\n" });
    repo.write({ "sub/a.bin": pseudoRandom(2_000_000), "sub/b.txt": "ok\n", "c.bin": pseudoRandom(2_000_000) });
    repo.git(["add", "-A"]);
    const run = ballast(["check", "--json", "a.bin", `${repo.dir}/sub/b.txt`], { cwd: `${repo.dir}/sub` });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).findings.map((f: { path: string }) => f.path)).toEqual(["sub/a.bin"]);
  });

  it("takes names with spaces, quotes, newlines, non-ASCII and leading dashes", () => {
    const names = ["with space.bin", "it's \"quoted\".bin", "new\nline.bin", "ünïcödé-模型.bin", "-rf.bin"];
    const repo = gitdir({ "README.md": "x\n" });
    repo.write(Object.fromEntries(names.map((n) => [n, pseudoRandom(1_500_000, n)])));
    repo.git(["add", "-A"]);
    const all = ballast(["check", "--json"], { cwd: repo.dir });
    expect(JSON.parse(all.stdout).findings.map((f: { path: string }) => f.path).sort()).toEqual([...names].sort());
    const some = ballast(["check", "--json", "--", "-rf.bin", "new\nline.bin"], { cwd: repo.dir });
    expect(JSON.parse(some.stdout).findings.map((f: { path: string }) => f.path).sort()).toEqual(["-rf.bin", "new\nline.bin"]);
  });

  it("a path not in the index is skipped (lint-staged passes deletions too)", () => {
    const repo = gitdir({ "README.md": "x\n" });
    const run = ballast(["check", "--json", "gone.txt"], { cwd: repo.dir });
    expect(run.code).toBe(0);
  });
});

describe("errors exit 2 with a cause and a fix", () => {
  it("a config with two mistakes names both", () => {
    const repo = gitdir({ ".ballastrc.json": JSON.stringify({ limits: { block: "lots" }, rulse: {} }) });
    const run = ballast(["check"], { cwd: repo.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("limits.block");
    expect(run.stderr).toContain('rulse unknown key (did you mean "rules"?)');
    expect(run.stderr).toMatch(/fix:/);
  });

  it("not a git repository", () => {
    const run = ballast(["check"], { cwd: "/" });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/not inside a git repository[\s\S]*fix: .*git init/);
  });

  it("an unknown option or command", () => {
    const repo = gitdir({});
    expect(ballast(["check", "--bogus"], { cwd: repo.dir }).code).toBe(2);
    expect(ballast(["frobnicate"], { cwd: repo.dir }).code).toBe(2);
  });

  it("global options before the command: ballast --cwd DIR check", () => {
    const repo = gitdir({ "README.md": "x\n" });
    repo.write({ "big.bin": pseudoRandom(2_000_000) });
    repo.git(["add", "big.bin"]);
    const run = ballast(["--cwd", repo.dir, "--json", "check"], { cwd: "/" });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).findings[0]).toMatchObject({ rule: "binary", path: "big.bin" });
  });

  it("JSON output carries the error too", () => {
    const repo = gitdir({ ".ballastrc.json": "{" });
    const run = ballast(["check", "--json"], { cwd: repo.dir });
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout).error).toMatchObject({ code: "CONFIG_INVALID", problems: [expect.objectContaining({ key: "(file)" })] });
  });

  it("git missing from PATH", () => {
    const repo = gitdir({});
    const run = ballast(["check"], { cwd: repo.dir, env: { PATH: "/nonexistent" } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/git was not found/);
  });
});
