import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ballast, BALLAST_BIN, hasGitLfs, pseudoRandom, tempDir, type GitDir } from "@ballast/test-utils";
import { describe, expect, it } from "vitest";
import { stowByHand } from "./prepush-fixture.js";
import { client, POINTER, push, remoteLines, server } from "./receive-fixture.js";

/** The pusher's machine: ballast installed as a dev dependency (so `npx ballast` is the built CLI), origin the server. */
function developer(url: string, tree?: Parameters<typeof client>[0]): GitDir {
  const dev = client(tree);
  writeFileSync(path.join(dev.dir, "package.json"), JSON.stringify({ name: "bot", private: true }));
  mkdirSync(path.join(dev.dir, "node_modules/.bin"), { recursive: true });
  writeFileSync(path.join(dev.dir, "node_modules/.bin/ballast"), `#!/bin/sh\nexec "${process.execPath}" "${BALLAST_BIN}" "$@"\n`, { mode: 0o755 });
  dev.write({ ".gitignore": "node_modules/\n" });
  dev.commit("ignore node_modules");
  dev.git(["remote", "add", "origin", url]);
  return dev;
}

/** A server and a pusher sharing one file store (both configs name it), main pushed. */
function storedPair(): { srv: ReturnType<typeof server>; dev: GitDir } {
  const store = tempDir("ballast-store-");
  const srv = server({ serverConfig: { store: `file://${store}` } });
  const dev = developer(srv.url, { "README.md": "x\n", "ballast.config.json": JSON.stringify({ store: `file://${store}` }) });
  expect(push(dev, ["origin", "main"]).status).toBe(0);
  return { srv, dev };
}

/**
 * The push is refused with exactly `fixes`; they are run as printed, the pusher's own
 * `npx ballast push` uploads what migrate stowed (no hook is installed here), and the same
 * push then passes.
 */
function refusedThenFixed(dev: GitDir, args: string[], fixes: string[]): void {
  const refused = push(dev, args);
  expect(refused.status).not.toBe(0);
  expect(runFixes(dev, refused.output)).toEqual(fixes);
  expect(spawnSync("sh", ["-c", "npx ballast push"], { cwd: dev.dir }).status).toBe(0);
  const again = push(dev, args);
  expect(again.status, again.output).toBe(0);
}

/** Each `fix:` line the server printed, run as printed in the pusher's clone. */
function runFixes(dev: GitDir, output: string): string[] {
  const fixes = remoteLines(output).filter((l) => l.startsWith("  fix: ")).map((l) => l.slice("  fix: ".length));
  for (const fix of new Set(fixes)) {
    const run = spawnSync("sh", ["-c", fix], { cwd: dev.dir, encoding: "utf8" });
    expect(run.status, `${fix}\n${run.stdout}${run.stderr}`).toBe(0);
  }
  return fixes;
}

// A fix must fix: each command the server prints is run on the pusher's machine, as
// printed, and the same push then passes.
describe("the fixes ballast receive prints", () => {
  it.skipIf(!hasGitLfs())("lfs-not-pointer: git lfs migrate import --include=PATH, then the push passes", () => {
    const srv = server();
    const dev = developer(srv.url, { "README.md": "x\n", ".gitattributes": "*.bin filter=lfs diff=lfs merge=lfs -text\n" });
    expect(push(dev, ["origin", "main"]).status).toBe(0);
    dev.commit("real bytes where LFS wanted a pointer (git-lfs was not set up)", { "data/weights.bin": pseudoRandom(300_000) });
    const refused = push(dev, ["origin", "main"]);
    expect(refused.status).not.toBe(0);
    expect(runFixes(dev, refused.output)).toEqual(["git switch main && git lfs migrate import --include=data/weights.bin && git lfs install --local --skip-repo"]);
    const again = push(dev, ["origin", "main"]);
    expect(again.status, again.output).toBe(0);
  });

  it("unresolved-reference, with a store on the server: npx ballast push uploads the stowed file, then the push passes", () => {
    const { dev } = storedPair();
    stowByHand(dev, "models/nlu.tar.gz", pseudoRandom(50_000, "nlu"), { cache: true });
    dev.commit("stowed model, pushed without the pre-push hook that uploads it");
    const refused = push(dev, ["origin", "main"]);
    expect(refused.status).not.toBe(0);
    expect(remoteLines(refused.output).some((l) => l.startsWith("✖ models/nlu.tar.gz.ballast (unresolved-reference"))).toBe(true);
    expect(runFixes(dev, refused.output)).toEqual(["npx ballast push"]);
    const again = push(dev, ["origin", "main"]);
    expect(again.status, again.output).toBe(0);
  });

  it("size and binary: npx ballast migrate PATH, then the push passes", () => {
    const { dev } = storedPair();
    dev.commit("a model", { "models/model.bin": pseudoRandom(6_000_000) });
    refusedThenFixed(dev, ["origin", "main"], ["git switch main && npx ballast migrate models/model.bin"]);
  });

  it("a branch that is not checked out (git push origin feat from main, then --all): the fix switches to it, then the same pushes pass", () => {
    const { dev } = storedPair();
    for (const branch of ["feat", "other"]) {
      dev.git(["checkout", "-q", "-b", branch, "main"]);
      dev.commit(`a model on ${branch}`, { [`models/${branch}.bin`]: pseudoRandom(2_000_000, branch) });
    }
    dev.git(["checkout", "-q", "main"]);
    refusedThenFixed(dev, ["origin", "feat"], ["git switch feat && npx ballast migrate models/feat.bin"]);
    // Every branch at once: each finding switches to its own.
    dev.git(["checkout", "-q", "main"]);
    refusedThenFixed(dev, ["--all", "origin"], ["git switch other && npx ballast migrate models/other.bin"]);
  });

  it("a commit only a notes ref brings (git notes of a binary): no migrate rewrites it, so the fix deletes that ref, and the push is refused no more", () => {
    const srv = server();
    const dev = developer(srv.url);
    expect(push(dev, ["origin", "main"]).status).toBe(0);
    writeFileSync(path.join(dev.dir, "note.bin"), pseudoRandom(1_500_000));
    dev.git(["notes", "--ref=big", "add", "-F", "note.bin", "HEAD"]);
    const refused = push(dev, ["origin", "refs/notes/big"]);
    expect(refused.status).not.toBe(0);
    expect(remoteLines(refused.output).some((l) => l.includes("It comes with refs/notes/big, a ref ballast migrate does not rewrite"))).toBe(true);
    expect(runFixes(dev, refused.output)).toEqual(["git update-ref -d refs/notes/big"]);
    // Nothing left to send under that name; the same push fails on the pusher's side, not the server's.
    expect(push(dev, ["origin", "refs/notes/big"]).output).toContain("src refspec refs/notes/big does not match any");
    expect(srv.ref("refs/notes/big")).toBe("");
  });

  it("a server stricter than the pusher's own config: the fix names the files, so it works where a plain migrate finds nothing", () => {
    const store = tempDir("ballast-store-");
    // The server blocks at 1 MB; the pusher's committed config lets 20 MB through.
    const srv = server({ serverConfig: { store: `file://${store}`, limits: { block: "1 MB" } } });
    const dev = developer(srv.url, { "README.md": "x\n", "ballast.config.json": JSON.stringify({ store: `file://${store}`, limits: { warn: "10 MB", block: "20 MB" }, rules: { binary: "off" } }) });
    expect(push(dev, ["origin", "main"]).status).toBe(0);
    dev.commit("two models, one with a bracket in its name", { "models/a [v2].bin": pseudoRandom(3_000_000, "a"), "models/b.bin": pseudoRandom(2_000_000, "b") });
    const refused = push(dev, ["origin", "main"]);
    expect(refused.status).not.toBe(0);
    // What the pusher's own config would pick: nothing.
    expect(spawnSync("sh", ["-c", "npx ballast migrate --dry-run"], { cwd: dev.dir, encoding: "utf8" }).stdout).toContain("nothing to migrate");
    expect(runFixes(dev, refused.output).sort()).toEqual(["git switch main && npx ballast migrate 'models/a [v2].bin'", "git switch main && npx ballast migrate models/b.bin"]);
    expect(dev.git(["ls-files"]).stdout.split("\n")).toEqual(expect.arrayContaining(["models/a [v2].bin.ballast", "models/b.bin.ballast"]));
    expect(spawnSync("sh", ["-c", "npx ballast push"], { cwd: dev.dir }).status).toBe(0);
    const again = push(dev, ["origin", "main"]);
    expect(again.status, again.output).toBe(0);
  });
});

describe("ballast receive judges every path and every commit", () => {
  // The pointer bytes are already on the server at an LFS path, so rev-list --not --all
  // would not list them again: each new (path, blob) pair of each commit is judged.
  it("pointer bytes already on the server at an LFS path, re-added as Dockerfile, are refused", () => {
    const srv = server();
    const dev = client({ "README.md": "x\n", ".gitattributes": "*.bin filter=lfs diff=lfs merge=lfs -text\n", "assets/0.bin": POINTER });
    expect(push(dev, [srv.url, "main"]).status).toBe(0);
    dev.commit("the pointer as a Dockerfile", { Dockerfile: POINTER });
    const run = push(dev, [srv.url, "main"]);
    expect(run.status).not.toBe(0);
    expect(remoteLines(run.output).filter((l) => l.startsWith("✖"))).toEqual([expect.stringMatching(/^✖ Dockerfile \(lfs-pointer-untracked/)]);
  });

  it("a push of 1,000 new commits is judged whole: a heavy blob in commit 500 is named with its commit", () => {
    const srv = server();
    const dev = client();
    expect(push(dev, [srv.url, "main"]).status).toBe(0);
    // git fast-import: 1,000 commits on main in one process (a small file changed in each).
    const heavy = pseudoRandom(2_000_000, "heavy");
    const parts: Buffer[] = [];
    for (let i = 1; i <= 1000; i++) {
      const file = i === 500 ? heavy : Buffer.from(`change ${i}\n`);
      const name = i === 500 ? "blobs/heavy.bin" : `notes/${i % 50}.txt`;
      parts.push(Buffer.from(`commit refs/heads/main\ncommitter T <t@t> ${1_700_000_000 + i} +0000\ndata ${`c${i}`.length}\nc${i}\n${i === 1 ? "from refs/heads/main^0\n" : ""}M 100644 inline ${name}\ndata ${file.length}\n`), file, Buffer.from("\n"));
    }
    const imported = spawnSync("git", ["fast-import", "--quiet"], { cwd: dev.dir, input: Buffer.concat(parts) });
    expect(imported.status, String(imported.stderr)).toBe(0);
    const commit500 = dev.git(["rev-parse", "main~500"]).stdout.trim();
    const run = push(dev, [srv.url, "main"]);
    expect(run.status).not.toBe(0);
    expect(remoteLines(run.output)).toContain(`✖ blobs/heavy.bin (binary, 2 MB, commit ${commit500.slice(0, 12)})`);
    dev.git(["reset", "-q", "--hard", "main~501"]);
    const clean = push(dev, ["--force", srv.url, "main"]);
    expect(clean.status, clean.output).toBe(0);
  });
});