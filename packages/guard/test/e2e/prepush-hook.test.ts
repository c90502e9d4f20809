import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { BALLAST_BIN, gitdir, hasGitLfs, installHook, pseudoRandom, tempDir } from "@ballast/test-utils";
import { describe, expect, it } from "vitest";
import { push, pushSetup, short, stowByHand, storedPath } from "./prepush-fixture.js";

const remoteHas = (remote: ReturnType<typeof gitdir>, ref: string) => remote.git(["rev-parse", "--verify", "-q", ref], { allowFail: true }).status === 0;

describe("pre-push through a real hook and git push to a bare remote", () => {
  it("refuses a branch whose first commit adds a big file and whose second deletes it, naming the commit", () => {
    const { repo, remote } = pushSetup();
    repo.git(["checkout", "-q", "-b", "feature"]);
    const added = repo.commit("add weights", { "weights.bin": pseudoRandom(12_000_000) });
    repo.git(["rm", "-q", "weights.bin"]);
    repo.commit("remove weights");
    const result = push(repo, ["origin", "feature"]);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain("weights.bin");
    expect(result.output).toContain(`in commit ${short(added)}`);
    expect(remoteHas(remote, "refs/heads/feature")).toBe(false);
  });

  // Slow tier (BALLAST_SLOW=1): writing, compressing and pushing 120 MB takes a while on a busy machine.
  it.skipIf(!process.env.BALLAST_SLOW)("refuses a 120 MB file added in one commit and deleted in the next (slow tier: BALLAST_SLOW=1)", () => {
    const { repo, remote } = pushSetup();
    repo.git(["checkout", "-q", "-b", "model-history"]);
    const added = repo.commit("add the model", { "models/nlu.tar.gz": pseudoRandom(120_000_000, "120") });
    repo.git(["rm", "-q", "models/nlu.tar.gz"]);
    repo.commit("remove the model");
    const result = push(repo, ["origin", "model-history"]);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain("models/nlu.tar.gz");
    expect(result.output).toContain(`in commit ${short(added)}`);
    expect(remoteHas(remote, "refs/heads/model-history")).toBe(false);
  }, 180_000);

  it("lets a clean branch through, silently", () => {
    const { repo, remote } = pushSetup();
    repo.git(["checkout", "-q", "-b", "clean"]);
    repo.commit("code", { "src/bot.py": "print('hi')\n" });
    const result = push(repo, ["-q", "origin", "clean"]);
    expect(result.status).toBe(0);
    expect(result.output).not.toContain("ballast");
    expect(remoteHas(remote, "refs/heads/clean")).toBe(true);
  });

  it("judges only what a new branch adds: what the remote has (its remote-tracking refs) is excluded", () => {
    // main already carries a big file the remote accepted before the hook existed.
    const { repo, remote } = pushSetup({ "legacy.bin": pseudoRandom(3_000_000) });
    repo.git(["checkout", "-q", "-b", "topic"]);
    repo.commit("small change", { "notes.txt": "fine\n" });
    const clean = push(repo, ["-q", "origin", "topic"]);
    expect(clean.output).not.toContain("legacy.bin");
    expect(clean.status).toBe(0);
    expect(remoteHas(remote, "refs/heads/topic")).toBe(true);
  });

  it("passes a branch deletion at once", () => {
    const { repo, remote } = pushSetup();
    repo.git(["push", "-q", "--no-verify", "origin", "main:doomed"]);
    const result = push(repo, ["-q", "origin", ":doomed"]);
    expect(result.status).toBe(0);
    expect(remoteHas(remote, "refs/heads/doomed")).toBe(false);
  });

  it("survives a force push, also when the remote's sha is unknown here", () => {
    const { repo, remote } = pushSetup();
    // Someone else pushes to main; this clone never fetches it.
    const other = gitdir({});
    rmSync(path.join(other.dir, ".git"), { recursive: true, force: true });
    other.git(["clone", "-q", remote.dir, "."]);
    other.commit("theirs", { "theirs.txt": "x\n" });
    other.git(["push", "-q", "origin", "main"]);
    repo.commit("ours", { "ours.txt": "y\n" });
    const clean = push(repo, ["-q", "--force", "origin", "main"]);
    expect(clean.status).toBe(0);
    // A rewrite that adds a big file is still caught.
    const big = repo.commit("ours, heavier", { "big.bin": pseudoRandom(3_000_000) });
    repo.git(["commit", "-q", "--amend", "--no-verify", "-m", "amended"]);
    const amended = repo.git(["rev-parse", "HEAD"]).stdout.trim();
    expect(amended).not.toBe(big);
    const blocked = push(repo, ["--force", "origin", "main"]);
    expect(blocked.status).not.toBe(0);
    expect(blocked.output).toContain("big.bin");
    expect(blocked.output).toContain(short(amended));
  });

  it("peels an annotated tag to its commit", () => {
    const { repo, remote } = pushSetup();
    repo.git(["checkout", "-q", "-b", "release"]);
    const tagged = repo.commit("release with a binary", { "dist/app.bin": pseudoRandom(2_000_000) });
    repo.git(["tag", "-a", "v1.0.0", "-m", "v1.0.0"]);
    const blocked = push(repo, ["origin", "v1.0.0"]);
    expect(blocked.status).not.toBe(0);
    expect(blocked.output).toContain("dist/app.bin");
    expect(blocked.output).toContain(short(tagged));
    expect(remoteHas(remote, "refs/tags/v1.0.0")).toBe(false);
    repo.git(["checkout", "-q", "main"]);
    repo.git(["tag", "-a", "v0.9.0", "-m", "clean"]);
    expect(push(repo, ["-q", "origin", "v0.9.0"]).status).toBe(0);
  });

  it("judges two refs in one push together", () => {
    const { repo, remote } = pushSetup();
    repo.git(["checkout", "-q", "-b", "a"]);
    repo.commit("a", { "a.txt": "a\n" });
    repo.git(["checkout", "-q", "-b", "b", "main"]);
    const heavy = repo.commit("b", { "b.bin": pseudoRandom(2_000_000) });
    const result = push(repo, ["origin", "a", "b"]);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain("b.bin");
    expect(result.output).toContain(short(heavy));
    expect(remoteHas(remote, "refs/heads/a")).toBe(false);
  });

  it("a branch that is not checked out, or a detached HEAD: the printed fix rewrites the commits that were pushed, and the same push passes", () => {
    const store = tempDir("ballast-store-");
    const { repo } = pushSetup({ "ballast.config.json": JSON.stringify({ store: `file://${store}` }), ".gitignore": "node_modules/\n" });
    repo.git(["push", "-q", "origin", "main"]);
    // `npx ballast` in the printed fix is the built CLI, as after npm install.
    mkdirSync(path.join(repo.dir, "node_modules/.bin"), { recursive: true });
    writeFileSync(path.join(repo.dir, "node_modules/.bin/ballast"), `#!/bin/sh\nexec "${process.execPath}" "${BALLAST_BIN}" "$@"\n`, { mode: 0o755 });
    const fixOf = (output: string) => output.split("\n").find((l) => l.trimStart().startsWith("fix: "))!.trim().slice("fix: ".length);
    const run = (command: string) => spawnSync("sh", ["-c", command], { cwd: repo.dir, encoding: "utf8" });

    repo.git(["checkout", "-q", "-b", "feat"]);
    repo.commit("model on feat", { "feat.bin": pseudoRandom(12_000_000, "f") });
    repo.git(["checkout", "-q", "main"]);
    const refused = push(repo, ["origin", "feat"]);
    expect(refused.status).not.toBe(0);
    expect(fixOf(refused.output)).toBe("git switch feat && npx ballast migrate");
    expect(run(fixOf(refused.output)).status).toBe(0);
    expect(push(repo, ["origin", "feat"]).status).toBe(0);

    repo.git(["switch", "-q", "--detach", "main"]);
    const detached = repo.commit("model on a detached HEAD", { "det.bin": pseudoRandom(12_000_000, "d") });
    const refusedToo = push(repo, ["origin", "HEAD:main"]);
    expect(refusedToo.status).not.toBe(0);
    expect(fixOf(refusedToo.output)).toBe(`git switch -c rewrite-${detached.slice(0, 8)} && npx ballast migrate`);
    expect(run(fixOf(refusedToo.output)).status).toBe(0);
    expect(push(repo, ["origin", "HEAD:main"]).status).toBe(0);
  });

  it("reads all 200 refs of one push to the end (no exit 141) and passes them", () => {
    const { repo, remote } = pushSetup();
    repo.commit("shared", { "shared.txt": "s\n" });
    const head = repo.git(["rev-parse", "HEAD"]).stdout.trim();
    const refs = Array.from({ length: 200 }, (_, i) => `feature/a-rather-long-branch-name-so-that-git-writes-plenty-to-the-hook-${String(i).padStart(3, "0")}`);
    repo.git(["update-ref", "--stdin"], { input: refs.map((name) => `create refs/heads/${name} ${head}\n`).join("") });
    const result = push(repo, ["-q", "origin", ...refs]);
    expect(result.status).toBe(0);
    expect(result.output).not.toMatch(/141|SIGPIPE|broken pipe/i);
    expect(Number(remote.git(["for-each-ref", "--format=x", "refs/heads/feature"]).stdout.trim().split("\n").length)).toBe(200);
  });

  it("works from a shallow clone (git clone --depth 1)", () => {
    const { repo, remote } = pushSetup();
    repo.commit("history", { "a.txt": "1\n" });
    repo.commit("more history", { "a.txt": "2\n" });
    repo.git(["push", "-q", "--no-verify", "origin", "main"]);
    const shallow = gitdir({});
    rmSync(path.join(shallow.dir, ".git"), { recursive: true, force: true });
    shallow.git(["clone", "-q", "--depth", "1", `file://${remote.dir}`, "."]);
    expect(shallow.git(["rev-parse", "--is-shallow-repository"]).stdout.trim()).toBe("true");
    installHook(shallow.dir, "pre-push");
    shallow.commit("clean", { "b.txt": "b\n" });
    expect(push(shallow, ["-q", "origin", "main"]).status).toBe(0);
    shallow.git(["checkout", "-q", "-b", "heavy"]);
    const heavy = shallow.commit("heavy", { "big.bin": pseudoRandom(3_000_000) });
    const blocked = push(shallow, ["origin", "heavy"]);
    expect(blocked.status).not.toBe(0);
    expect(blocked.output).toContain(short(heavy));
  });

  it.skipIf(!hasGitLfs())("passes a pointer whose LFS object is local, blocks one whose object is not (real git-lfs)", () => {
    const { repo } = pushSetup();
    // --skip-repo: the filters only; the pre-push hook stays ballast's.
    repo.git(["lfs", "install", "--local", "--skip-repo"]);
    repo.write({ ".gitattributes": "*.onnx filter=lfs diff=lfs merge=lfs -text\n", "model.onnx": pseudoRandom(50_000, "onnx") });
    repo.git(["add", "-A"]);
    repo.git(["commit", "-q", "--no-verify", "-m", "model via lfs"]);
    expect(repo.git(["cat-file", "-p", "HEAD:model.onnx"]).stdout).toMatch(/^version https:\/\/git-lfs/);
    const local = push(repo, ["-q", "origin", "main"]);
    expect(local.status).toBe(0);

    repo.write({ "second.onnx": pseudoRandom(60_000, "second") });
    repo.git(["add", "-A"]);
    repo.git(["commit", "-q", "--no-verify", "-m", "second model"]);
    const oid = /oid sha256:([0-9a-f]{64})/.exec(repo.git(["cat-file", "-p", "HEAD:second.onnx"]).stdout)![1]!;
    const stored = path.join(repo.dir, ".git", "lfs", "objects", oid.slice(0, 2), oid.slice(2, 4), oid);
    expect(existsSync(stored)).toBe(true);
    rmSync(stored);
    const blocked = push(repo, ["origin", "main"]);
    expect(blocked.status).not.toBe(0);
    expect(blocked.output).toContain("lfs-missing-object");
    expect(blocked.output).toContain("second.onnx");
    expect(blocked.output).not.toContain("model.onnx ");
  });

  it("blocks a reference whose object is neither cached nor in storage", () => {
    const store = tempDir("ballast-store-");
    const { repo } = pushSetup({ ".ballastrc.json": JSON.stringify({ store: `file://${store}` }) });
    repo.git(["push", "-q", "--no-verify", "origin", "main"]);
    stowByHand(repo, "models/nlu.tar.gz", pseudoRandom(10_000, "lost"), { cache: false });
    const commit = repo.commit("reference only");
    const blocked = push(repo, ["origin", "main"]);
    expect(blocked.status).not.toBe(0);
    expect(blocked.output).toContain("unresolved-reference");
    expect(blocked.output).toContain("models/nlu.tar.gz");
    expect(blocked.output).toContain(short(commit));
  });

  it("uploads a cached object storage lacks before the push passes", () => {
    const store = tempDir("ballast-store-");
    const { repo, remote } = pushSetup({ ".ballastrc.json": JSON.stringify({ store: `file://${store}` }) });
    repo.git(["push", "-q", "--no-verify", "origin", "main"]);
    const { sha256 } = stowByHand(repo, "models/nlu.tar.gz", pseudoRandom(20_000, "kept"), { cache: true });
    repo.commit("stowed model");
    expect(existsSync(storedPath(store, sha256))).toBe(false);
    const result = push(repo, ["-q", "origin", "main"]);
    expect(result.status).toBe(0);
    expect(existsSync(storedPath(store, sha256))).toBe(true);
    expect(remote.git(["rev-parse", "main"]).stdout).toBe(repo.git(["rev-parse", "main"]).stdout);
  });

  it("blocks the push (exit 2) with the reason when storage cannot be written", () => {
    const blocker = path.join(tempDir("ballast-store-"), "not-a-folder");
    writeFileSync(blocker, "a file where the store's folder should be\n");
    const { repo, remote } = pushSetup({ ".ballastrc.json": JSON.stringify({ store: `file://${blocker}/store` }) });
    repo.git(["push", "-q", "--no-verify", "origin", "main"]);
    stowByHand(repo, "models/nlu.tar.gz", pseudoRandom(20_000, "down"), { cache: true });
    repo.commit("stowed model");
    const before = remote.git(["rev-parse", "main"]).stdout;
    const result = push(repo, ["origin", "main"]);
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/ballast: .*(store|storage)/i);
    expect(result.output).toContain("fix:");
    expect(remote.git(["rev-parse", "main"]).stdout).toBe(before);
  });
});
