import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { ballast, gitdir, pseudoRandom, tempDir } from "@ballast/test-utils";
import { describe, expect, it } from "vitest";

// A clone that lost objects (a disk error, a tool that deleted files in .git/objects): the
// doors fail closed with git's words, and the printed fix must bring the objects back.
// A plain `git fetch` restores none of a commit's trees and blobs (it tells the remote this
// clone has every commit its refs name): the test checks that first, so the fix is needed.

type Json = { findings: Array<{ rule: string; path: string }>; error?: { code: string; message: string; fix: string } };
const json = (stdout: string) => JSON.parse(stdout) as Json;
const sh = (command: string, cwd: string) => spawnSync("sh", ["-c", command], { cwd, encoding: "utf8" });

/** A remote with a 2 MB binary in its history, and a clone whose objects are all loose (so one can be deleted). */
function damagedClone() {
  const remote = gitdir({ "README.md": "hi\n", "src/app.py": "print(1)\n" });
  remote.commit("model", { "data/model.bin": pseudoRandom(2_000_000) });
  remote.commit("more", { "src/app.py": "print(2)\n", "docs/a.md": "a\n" });
  const dir = path.join(tempDir("ballast-damaged-"), "clone");
  remote.git(["clone", "-q", "--no-local", remote.dir, dir]);
  // Unpack: a packed object cannot be deleted alone.
  const packs = path.join(dir, ".git", "objects", "pack");
  const kept = path.join(tempDir("ballast-packs-"), "pack");
  renameSync(packs, kept);
  mkdirSync(packs);
  for (const file of readdirSync(kept).filter((f) => f.endsWith(".pack"))) {
    const unpacked = spawnSync("git", ["unpack-objects", "-q"], { cwd: dir, input: readFileSync(path.join(kept, file)) });
    expect(unpacked.status, String(unpacked.stderr)).toBe(0);
  }
  const git = (args: string[]) => spawnSync("git", args, { cwd: dir, encoding: "utf8" });
  const lose = (object: string) => rmSync(path.join(dir, ".git", "objects", object.slice(0, 2), object.slice(2)));
  const id = (revision: string) => git(["rev-parse", revision]).stdout.trim();
  return { dir, git, lose, id };
}

describe("a clone that lost objects", () => {
  for (const [what, revision] of [
    ["a blob (README.md, read for its size and first bytes)", "HEAD~1:README.md"],
    ["a tree (the walk cannot list a commit's files)", "HEAD~1^{tree}"],
  ] as const) {
    it(`scan --all fails closed when ${what} is gone, and the printed fix brings it back`, () => {
      const clone = damagedClone();
      const object = clone.id(revision);
      clone.lose(object);
      const run = ballast(["scan", "--all", "--json"], { cwd: clone.dir });
      expect(run.code, run.stderr).toBe(2);
      const { error } = json(run.stdout);
      expect(error?.code).toBe("GIT_FAILED");
      expect(error?.message).toContain(object);
      expect(error?.fix).toBe("git fetch --refetch");
      // Why not plain git fetch: it restores nothing here.
      expect(sh("git fetch -q", clone.dir).status).toBe(0);
      expect(clone.git(["cat-file", "-e", object]).status).not.toBe(0);
      // The fix, as printed, where it was printed: the object is back and the scan judges again.
      const fixed = sh(error!.fix, clone.dir);
      expect(fixed.status, fixed.stderr).toBe(0);
      const again = ballast(["scan", "--all", "--json"], { cwd: clone.dir });
      expect(again.code, again.stderr).toBe(1);
      expect(json(again.stdout).findings.map((f) => `${f.rule} ${f.path}`)).toEqual(["binary data/model.bin"]);
    });
  }

  it("pre-push fails closed on a blob it cannot read, and the printed fix lets the same push be judged", () => {
    const clone = damagedClone();
    clone.git(["-c", "user.name=t", "-c", "user.email=t@e", "commit", "-q", "--allow-empty", "-m", "local"]);
    // A rename brings an old blob to a new path: pre-push reads it, and it is gone.
    const object = clone.id("HEAD:src/app.py");
    expect(clone.git(["mv", "src/app.py", "src/main.py"]).status).toBe(0);
    expect(clone.git(["-c", "user.name=t", "-c", "user.email=t@e", "commit", "-q", "-m", "rename"]).status).toBe(0);
    clone.lose(object);
    const input = `refs/heads/main ${clone.id("HEAD")} refs/heads/main ${clone.id("origin/main")}\n`;
    const run = ballast(["pre-push", "origin", "--json"], { cwd: clone.dir, input });
    expect(run.code, run.stderr).toBe(2);
    expect(json(run.stdout).error?.fix).toBe("git fetch --refetch");
    expect(sh("git fetch --refetch -q", clone.dir).status).toBe(0);
    const again = ballast(["pre-push", "origin", "--json"], { cwd: clone.dir, input });
    expect(again.code, again.stderr).toBe(0);
  });

  it("receive on a server that lost an object says it is the server's damage, not the push's", () => {
    const clone = damagedClone();
    const server = path.join(tempDir("ballast-server-"), "repo.git");
    clone.git(["clone", "-q", "--bare", "--no-local", clone.dir, server]);
    // The server's copy unpacked, then a blob of its history lost.
    const serverGit = (args: string[], input?: Buffer) => spawnSync("git", args, { cwd: server, input, encoding: "utf8" });
    const packs = path.join(server, "objects", "pack");
    const kept = path.join(tempDir("ballast-packs-"), "pack");
    renameSync(packs, kept);
    mkdirSync(packs);
    for (const file of readdirSync(kept).filter((f) => f.endsWith(".pack"))) expect(serverGit(["unpack-objects", "-q"], readFileSync(path.join(kept, file))).status).toBe(0);
    const object = clone.id("HEAD:src/app.py");
    rmSync(path.join(server, "objects", object.slice(0, 2), object.slice(2)));
    // A pushed commit moves that blob to a new path (git's own check before the hook does not read it).
    const before = clone.id("HEAD");
    expect(clone.git(["mv", "src/app.py", "src/main.py"]).status).toBe(0);
    expect(clone.git(["-c", "user.name=t", "-c", "user.email=t@e", "commit", "-q", "-m", "rename"]).status).toBe(0);
    const pack = spawnSync("git", ["pack-objects", "--stdout", "--revs", "-q"], { cwd: clone.dir, input: `${clone.id("HEAD")}\n^${before}\n` });
    expect(serverGit(["index-pack", "--stdin"], pack.stdout).status).toBe(0);
    const run = ballast(["receive"], { cwd: server, env: { GIT_DIR: "." }, input: `${before} ${clone.id("HEAD")} refs/heads/main\n` });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain("fix: this server's repository is damaged, not your push: its admin runs git fsck --full in it");
    expect(run.stderr).not.toContain("refetch");
    // What those words send the admin to: git fsck names the lost blob.
    const fsck = serverGit(["fsck", "--full"]);
    expect(`${fsck.stdout}${fsck.stderr}`).toContain(object);
  });
});
