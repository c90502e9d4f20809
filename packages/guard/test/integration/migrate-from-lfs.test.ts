import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ballast, hasGitLfs, installHook, pseudoRandom, tempDir } from "@ballast/test-utils";
import { describe, expect, it } from "vitest";
import { parsePointer } from "../../src/lfs/pointer.js";
import { installBin } from "./init-fixture.js";

/**
 * Leaving Git LFS with `ballast migrate --from-lfs --everything`, with real git-lfs: the
 * bytes come from the local LFS store, every pointer becomes a reference, the LFS lines
 * leave .gitattributes, and a clone made with no git-lfs at all restores the files with
 * `ballast pull`. A missing LFS object stops it (exit 2) with a fix that, run as printed,
 * fetches the objects and finishes the migration.
 */
const sha = (data: Buffer) => createHash("sha256").update(data).digest("hex");
const FILES = { "assets/voice.bin": pseudoRandom(300_000, "voice"), "data/deep/table.bin": pseudoRandom(200_000, "table") };
const V2 = pseudoRandom(250_000, "voice-2");

function run(cwd: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", env: { ...process.env, ...env }, maxBuffer: 1 << 26 });
  expect(r.status, `${cmd} ${args.join(" ")}\n${r.stdout}${r.stderr}`).toBe(0);
  return r.stdout;
}

/** A repository using LFS for *.bin (two commits, a branch, an annotated tag), pushed with git-lfs to a bare remote. */
function lfsRepo() {
  const base = tempDir("ballast-lfs-");
  const remote = path.join(base, "lfs-remote.git");
  const dir = path.join(base, "repo");
  run(base, "git", ["init", "-q", "--bare", "-b", "main", remote]);
  mkdirSync(dir);
  run(dir, "git", ["init", "-q", "-b", "main"]);
  run(dir, "git", ["lfs", "install", "--local"]);
  run(dir, "git", ["lfs", "track", "*.bin"]);
  const store = path.join(base, "store");
  writeFileSync(path.join(dir, ".ballastrc.json"), JSON.stringify({ extends: ["recommended"], store: `file://${store}` }));
  writeFileSync(path.join(dir, "README.md"), "# assets\n");
  for (const [name, bytes] of Object.entries(FILES)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), bytes);
  }
  run(dir, "git", ["add", "-A"]);
  run(dir, "git", ["commit", "-q", "-m", "assets through LFS"]);
  run(dir, "git", ["tag", "-a", "v1", "-m", "v1"]);
  writeFileSync(path.join(dir, "assets/voice.bin"), V2);
  run(dir, "git", ["commit", "-q", "-am", "voice v2"]);
  run(dir, "git", ["remote", "add", "origin", remote]);
  run(dir, "git", ["push", "-q", "origin", "main", "v1"]);
  return { base, dir, remote, store };
}

/** Every blob of every branch and tag (the backups keep the old ones): none may be an LFS pointer, no .gitattributes may send a file through LFS. */
function noLfsLeft(dir: string): void {
  const objects = run(dir, "git", ["rev-list", "--objects", "--branches", "--tags"]).split("\n").filter((l) => l.includes(" "));
  for (const line of objects) {
    const [object, name] = [line.slice(0, line.indexOf(" ")), line.slice(line.indexOf(" ") + 1)];
    if (run(dir, "git", ["cat-file", "-t", object]).trim() !== "blob") continue;
    const content = spawnSync("git", ["cat-file", "blob", object], { cwd: dir }).stdout as Buffer;
    expect(parsePointer(content.subarray(0, 2048)).kind, name).not.toBe("pointer");
    if (name.endsWith(".gitattributes")) expect(content.toString()).not.toContain("filter=lfs");
  }
}

describe.skipIf(!hasGitLfs())("ballast migrate --from-lfs (needs git-lfs)", () => {
  it("turns every LFS file into a reference; a clone without git-lfs restores them with ballast pull", { timeout: 120_000 }, () => {
    const { base, dir, store } = lfsRepo();
    const result = ballast(["migrate", "--from-lfs", "--everything"], { cwd: dir });
    expect(result.code, result.output).toBe(0);
    expect(result.stdout).toContain("rewrote 2 commits: 2 files (750 kB) became references"); // two versions of voice.bin, one of table.bin
    noLfsLeft(dir);
    expect(run(dir, "git", ["ls-tree", "-r", "--name-only", "v1"]).split("\n").filter(Boolean).sort()).toEqual([
      ".ballastrc.json", ".gitignore", "README.md", "assets/voice.bin.ballast", "data/deep/table.bin.ballast",
    ]);
    // The working tree: real files, ignored; .gitattributes (LFS lines only) gone; nothing to commit.
    expect(sha(readFileSync(path.join(dir, "assets/voice.bin")))).toBe(sha(V2));
    expect(existsSync(path.join(dir, ".gitattributes"))).toBe(false);
    expect(run(dir, "git", ["status", "--porcelain"])).toBe("");

    const remote = path.join(base, "plain.git");
    run(base, "git", ["init", "-q", "--bare", "-b", "main", remote]);
    installHook(dir, "pre-push"); // replaces git-lfs's pre-push hook: nothing is LFS any more
    run(dir, "git", ["push", "-q", remote, "main", "v1"]);
    expect(existsSync(path.join(store, "sha256"))).toBe(true);

    // A clone on a machine with no git-lfs: no filter is configured anywhere.
    const clone = path.join(base, "clone");
    run(base, "git", ["-c", "filter.lfs.smudge=", "-c", "filter.lfs.process=", "clone", "-q", remote, clone]);
    const pulled = ballast(["pull"], { cwd: clone });
    expect(pulled.code, pulled.output).toBe(0);
    expect(sha(readFileSync(path.join(clone, "assets/voice.bin")))).toBe(sha(V2));
    expect(sha(readFileSync(path.join(clone, "data/deep/table.bin")))).toBe(sha(FILES["data/deep/table.bin"]));
    // The tag, re-created on the new commit, restores the first version (the v2 bytes on disk, ignored, differ: --force).
    run(clone, "git", ["checkout", "-q", "v1"]);
    expect(ballast(["pull", "--force"], { cwd: clone }).code).toBe(0);
    expect(sha(readFileSync(path.join(clone, "assets/voice.bin")))).toBe(sha(FILES["assets/voice.bin"]));
  });

  it("a missing LFS object: exit 2 naming it; the fix, run as printed, fetches and migrates", { timeout: 120_000 }, () => {
    const { base, remote } = lfsRepo();
    // A clone that never downloaded LFS objects: pointer text on disk, an empty LFS store.
    const clone = path.join(base, "clone");
    run(base, "git", ["clone", "-q", remote, clone], { GIT_LFS_SKIP_SMUDGE: "1" });
    expect(parsePointer(readFileSync(path.join(clone, "assets/voice.bin"))).kind).toBe("pointer");
    const before = run(clone, "git", ["for-each-ref"]);
    const refused = ballast(["migrate", "--from-lfs", "--everything"], { cwd: clone });
    expect(refused.code, refused.output).toBe(2);
    expect(refused.stderr).toMatch(/\.bin is a Git LFS pointer to [0-9a-f]{12}…, whose object is not in the local LFS store/);
    const fix = /fix: (.+)$/m.exec(refused.stderr)![1]!;
    expect(fix).toBe("git lfs fetch --all && npx ballast migrate --everything --from-lfs");
    expect(run(clone, "git", ["for-each-ref"])).toBe(before);

    writeFileSync(path.join(clone, ".git/info/exclude"), "node_modules\n");
    installBin(clone);
    run(clone, "sh", ["-c", fix]);
    noLfsLeft(clone);
    // The pointer text on disk became the real bytes, from the cache, verified.
    expect(sha(readFileSync(path.join(clone, "assets/voice.bin")))).toBe(sha(V2));
    expect(run(clone, "git", ["status", "--porcelain"])).toBe("");
  });
});
