import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, symlinkSync } from "node:fs";
import path from "node:path";
import { ballast, gitdir, hasGitLfs, pseudoRandom, tempDir, writeTree, type Tree } from "@ballast/test-utils";
import { describe, expect, it } from "vitest";

const OID = "4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393";
const POINTER = `version https://git-lfs.github.com/spec/v1\noid sha256:${OID}\nsize 12345\n`;

const reference = (name: string, content: Buffer) =>
  `${JSON.stringify({ ballast: 1, path: name, sha256: createHash("sha256").update(content).digest("hex"), size: content.length }, null, 2)}\n`;

/** A checkout without .git, as a Docker build context is. */
function checkout(tree: Tree): string {
  const dir = tempDir("ballast-checkout-");
  writeTree(dir, tree);
  return dir;
}

const json = (stdout: string) => JSON.parse(stdout) as { findings: Array<{ rule: string; path: string; fix?: string; message: string }>; summary: { blocked: boolean; checked: number } };

describe("ballast verify: a checkout before a build", () => {
  const model = pseudoRandom(50_000, "model");

  it("fails on a Dockerfile that is LFS pointer text, naming it, saying what to do in words (no .git: no git command can run)", () => {
    const dir = checkout({ Dockerfile: POINTER, "app/main.py": "print('hi')\n" });
    const run = ballast(["verify"], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("Dockerfile");
    expect(run.stdout).toContain("There is no .git here");
    expect(run.stdout).not.toContain("fix:");
    const report = json(ballast(["verify", "--json"], { cwd: dir }).stdout);
    expect(report.findings.map((f) => `${f.rule}:${f.path}`)).toEqual(["lfs-missing-object:Dockerfile"]);
  });

  it("runs without git at all (a slim build image)", () => {
    const dir = checkout({ Dockerfile: POINTER });
    const run = ballast(["verify"], { cwd: dir, env: { PATH: path.join(dir, "no-such-folder") } });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("not the real 12.3 kB file");
  });

  it("passes a checkout whose stowed files are present and match", () => {
    const dir = checkout({ "models/nlu.tar.gz": model, "models/nlu.tar.gz.ballast": reference("nlu.tar.gz", model), "README.md": "x\n" });
    const run = ballast(["verify"], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("nothing to stop");
  });

  it("fails on a stowed file that is missing, the wrong size, or different bytes, with ballast pull as the fix", () => {
    const dir = checkout({
      "models/missing.pt.ballast": reference("missing.pt", model),
      "models/short.pt": model.subarray(0, 100),
      "models/short.pt.ballast": reference("short.pt", model),
      "models/changed.pt": Buffer.from(model).fill(1, 0, 10),
      "models/changed.pt.ballast": reference("changed.pt", model),
    });
    const run = ballast(["verify", "--json"], { cwd: dir });
    expect(run.code).toBe(1);
    const findings = json(run.stdout).findings;
    expect(findings.map((f) => f.path).sort()).toEqual(["models/changed.pt.ballast", "models/missing.pt.ballast", "models/short.pt.ballast"]);
    expect(findings.every((f) => f.rule === "unresolved-reference")).toBe(true);
    expect(findings.find((f) => f.path === "models/missing.pt.ballast")!.fix).toBe("npx ballast pull models/missing.pt");
    expect(findings.find((f) => f.path === "models/short.pt.ballast")!.message).toMatch(/100 B here/);
    expect(findings.find((f) => f.path === "models/changed.pt.ballast")!.message).toMatch(/sha256/);
  });

  it("refuses a reference that points outside the checkout", () => {
    const dir = checkout({ "models/evil.ballast": `${JSON.stringify({ ballast: 1, path: "../../etc/passwd", sha256: "a".repeat(64), size: 1 })}\n` });
    const run = ballast(["verify", "--json"], { cwd: dir });
    expect(run.code).toBe(1);
    expect(json(run.stdout).findings[0]).toMatchObject({ rule: "unresolved-reference", path: "models/evil.ballast" });
  });

  it("skips node_modules and .git, and leaves text that only quotes a pointer alone", () => {
    const repo = gitdir({ "README.md": "x\n", "docs/lfs.md": `An LFS pointer looks like:\n\n${POINTER}` });
    repo.write({ "node_modules/pkg/pointer.bin": POINTER });
    const run = ballast(["verify"], { cwd: repo.dir });
    expect(run.code).toBe(0);
  });

  it("checks only the paths given, and a stowed file named by its own path", () => {
    const dir = checkout({ Dockerfile: POINTER, "models/x.onnx.ballast": reference("x.onnx", model), "app/ok.txt": "ok\n" });
    expect(ballast(["verify", "app"], { cwd: dir }).code).toBe(0);
    const named = ballast(["verify", "--json", "models/x.onnx"], { cwd: dir });
    expect(named.code).toBe(1);
    expect(json(named.stdout).findings.map((f) => f.path)).toEqual(["models/x.onnx.ballast"]);
    const missing = ballast(["verify", "nope"], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("fix:");
  });
});

describe("ballast verify in a git checkout (issue 11)", () => {
  const lfsCheck = (file: string) => spawnSync("git", ["lfs", "pointer", "--check", "--file", file], { encoding: "utf8" }).status;

  it.each([
    ["a pointer committed as Dockerfile, cloned with core.autocrlf=true (CRLF)", POINTER, "\r\n"],
    ["the same without a final newline", POINTER.slice(0, -1), "\r\n"],
  ])("flags %s, as git-lfs would read it", (_, committed, lineEnd) => {
    const origin = gitdir({ Dockerfile: committed, "app/main.py": "print('hi')\n" });
    const dir = path.join(tempDir("ballast-clone-"), "bot");
    origin.git(["clone", "-q", "-c", "core.autocrlf=true", origin.dir, dir]);
    const checkedOut = readFileSync(path.join(dir, "Dockerfile"), "latin1");
    expect(checkedOut).toContain(lineEnd);
    if (hasGitLfs()) expect(lfsCheck(path.join(dir, "Dockerfile")), "git lfs pointer --check").toBe(0);
    const run = ballast(["verify", "--json"], { cwd: dir });
    expect(run.code).toBe(1);
    expect(json(run.stdout).findings.map((f) => `${f.rule}:${f.path}`)).toEqual(["lfs-missing-object:Dockerfile"]);
  });

  /** A clone made where git-lfs is missing (`PATH`: git alone): its LFS Dockerfile is pointer text. */
  function cloneWithoutLfs() {
    const base = tempDir("ballast-lfs-");
    const origin = gitdir({ "README.md": "x\n" });
    origin.git(["lfs", "install", "--local"]);
    origin.write({ ".gitattributes": "Dockerfile filter=lfs diff=lfs merge=lfs -text\n", Dockerfile: "FROM node:20-slim\n" });
    origin.commit("Dockerfile through LFS");
    const remote = path.join(base, "remote.git");
    origin.git(["init", "-q", "--bare", remote]);
    origin.git(["remote", "add", "origin", remote]);
    origin.git(["push", "-q", "origin", "HEAD:main"]);
    const gitOnly = path.join(base, "git-only");
    mkdirSync(gitOnly);
    symlinkSync(spawnSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).stdout.trim(), path.join(gitOnly, "git"));
    const dir = path.join(base, "clone");
    const clone = spawnSync("git", ["clone", "-q", remote, dir], { encoding: "utf8", env: { ...process.env, PATH: gitOnly } });
    expect(clone.status, clone.stderr).toBe(0);
    expect(readFileSync(path.join(dir, "Dockerfile"), "utf8")).toContain("git-lfs.github.com/spec/v1");
    return { dir, gitOnly };
  }

  it.skipIf(!hasGitLfs())("git-lfs missing: the fix says to install it first, then the commands that work (needs git-lfs to run them)", () => {
    const { dir, gitOnly } = cloneWithoutLfs();
    const run = ballast(["verify", "--json"], { cwd: dir, env: { PATH: gitOnly } });
    expect(run.code, run.output).toBe(1);
    const [finding] = json(run.stdout).findings;
    const prefix = "install git-lfs (https://git-lfs.com), then run: ";
    expect(finding!.fix).toBe(`${prefix}git lfs install --local --skip-repo && git lfs pull --include=/Dockerfile`);
    // Installed (this machine's PATH has it), the rest as printed.
    const fixed = spawnSync("sh", ["-c", finding!.fix!.slice(prefix.length)], { cwd: dir, encoding: "utf8" });
    expect(fixed.status, fixed.stderr).toBe(0);
    expect(ballast(["verify"], { cwd: dir }).code).toBe(0);
  });

  it.skipIf(!hasGitLfs())("a .git but no git on PATH: the words for a folder where no git can run, no git command", () => {
    const { dir } = cloneWithoutLfs();
    const nodeOnly = tempDir("ballast-node-only-");
    symlinkSync(process.execPath, path.join(nodeOnly, "node"));
    const run = ballast(["verify"], { cwd: dir, env: { PATH: nodeOnly } });
    expect(run.code, run.output).toBe(1);
    expect(run.stdout).not.toContain("fix:");
    expect(run.stdout).toContain("Git is not on PATH here, so nothing can download it in this folder");
  });

  it("a repository with no tracked files has nothing to verify: exit 0, saying so", () => {
    const repo = gitdir({});
    const run = ballast(["verify"], { cwd: repo.dir });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("nothing to verify");
    const empty = checkout({});
    mkdirSync(path.join(empty, "app"));
    expect(ballast(["verify", "app"], { cwd: empty }).code).toBe(0);
  });
});
