import { pseudoRandom } from "@ballast/test-utils";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { client, gitDaemon, POINTER, push, pushPastHook, remoteLines, server } from "./receive-fixture.js";

const kill: Array<() => void> = [];
afterEach(() => {
  for (const k of kill.splice(0)) k();
});

// A bare repository with hooks/pre-receive running the built CLI, pushed to by a clone
// that has no hooks: only the server stands between the files and the repository.
describe("ballast receive as a server's pre-receive hook", () => {
  it("refuses a 6 MB binary and a pointer-text Dockerfile, naming each file and the fix; the server's refs and objects are unchanged", () => {
    const srv = server();
    const dev = client();
    expect(push(dev, [srv.url, "main"]).status).toBe(0);
    const before = srv.ref("main");
    dev.commit("models and a Dockerfile", { "models/model.bin": pseudoRandom(6_000_000), Dockerfile: POINTER });
    const run = push(dev, [srv.url, "main"]);
    expect(run.status).not.toBe(0);
    expect(run.output).toContain("[remote rejected] main -> main (pre-receive hook declined)");
    const lines = remoteLines(run.output);
    expect(lines[0]).toBe("ballast: push refused: 2 files must not enter this repository");
    const at = (file: string) => lines.findIndex((l) => l.startsWith(`✖ ${file} (`));
    expect(lines[at("models/model.bin")]).toMatch(/^✖ models\/model\.bin \(binary, 6 MB, commit [0-9a-f]{12}\)$/);
    expect(lines[at("models/model.bin") + 2]).toBe("  fix: git switch main && npx ballast migrate models/model.bin");
    expect(lines[at("Dockerfile")]).toMatch(/^✖ Dockerfile \(lfs-pointer-untracked, 130 B, commit [0-9a-f]{12}\)$/);
    expect(lines[at("Dockerfile") + 1]).toContain("git rebase -i");
    // Words for the pusher's clone only: nothing about the server's own LFS store or history.
    expect(lines[at("Dockerfile") + 1]).not.toMatch(/LFS store|git lfs clean|migrate export/);
    expect(srv.ref("main")).toBe(before);
    // The quarantined objects were dropped with the push.
    const blob = dev.git(["rev-parse", "HEAD:models/model.bin"]).stdout.trim();
    expect(() => srv.git("cat-file", "-e", blob)).toThrow();
  });

  it("a tag of a blob or of a tree (files in no commit) is judged too: refused with the fix that deletes the tag, which works", () => {
    const srv = server();
    const dev = client();
    expect(push(dev, [srv.url, "main"]).status).toBe(0);
    writeFileSync(path.join(dev.dir, "weights.bin"), pseudoRandom(6_000_000, "weights"));
    const blob = dev.git(["hash-object", "-w", "weights.bin"]).stdout.trim();
    rmSync(path.join(dev.dir, "weights.bin"));
    const models = dev.git(["mktree"], { input: `100644 blob ${blob}\tw.bin\n` }).stdout.trim();
    const tree = dev.git(["mktree"], { input: `040000 tree ${models}\tmodels\n` }).stdout.trim();
    dev.git(["tag", "weights", blob]);
    dev.git(["tag", "-a", "-m", "a tree of models", "models-tree", tree]);
    dev.git(["tag", "v1"]);
    const refused = push(dev, [srv.url, "--tags"]);
    expect(refused.status).not.toBe(0);
    const lines = remoteLines(refused.output);
    expect(lines[0]).toBe("ballast: push refused: 2 files must not enter this repository");
    expect(lines).toContain("✖ refs/tags/weights (binary, 6 MB)");
    expect(lines).toContain("✖ refs/tags/models-tree:models/w.bin (binary, 6 MB)");
    expect(lines.filter((l) => l.includes("It is in no commit:"))).toHaveLength(2);
    expect(lines).toContain("  fix: git tag -d weights");
    expect(lines).toContain("  fix: git tag -d models-tree");
    expect(() => srv.git("cat-file", "-e", blob)).toThrow();
    // The fixes, as printed, on the pusher's machine; the same push again passes (v1 with it).
    for (const fix of lines.filter((l) => l.startsWith("  fix: ")).map((l) => l.slice("  fix: ".length))) {
      expect(spawnSync("sh", ["-c", fix], { cwd: dev.dir }).status, fix).toBe(0);
    }
    const again = push(dev, [srv.url, "--tags"]);
    expect(again.status, again.output).toBe(0);
    expect(srv.git("tag").split("\n")).toEqual(["v1"]);
  });

  it("passes a clean push, a new branch, a branch deletion, a force push and 200 tags", () => {
    const srv = server();
    const dev = client();
    expect(push(dev, [srv.url, "main"]).status).toBe(0);
    dev.commit("more", { "src/a.txt": "a\n" });
    const clean = push(dev, [srv.url, "main", "main:refs/heads/topic"]);
    expect(clean.status, clean.output).toBe(0);
    expect(remoteLines(clean.output)).toEqual([]);
    expect(push(dev, [srv.url, ":topic"]).status).toBe(0);
    expect(srv.ref("refs/heads/topic")).toBe("");
    dev.git(["commit", "-q", "--amend", "-m", "rewritten"]);
    expect(push(dev, ["--force", srv.url, "main"]).status).toBe(0);
    // Lightweight and annotated, half each.
    for (let i = 0; i < 200; i++) dev.git(i % 2 ? ["tag", `v${i}`] : ["tag", "-a", "-m", `release ${i}`, `r${i}`]);
    const tags = push(dev, [srv.url, "--tags"]);
    expect(tags.status, tags.output).toBe(0);
    expect(srv.git("tag").split("\n")).toHaveLength(200);
  });

  it("a move adds no weight: a big blob the server already has, moved out of an allowed folder, passes; a new one at its new place is refused", () => {
    const srv = server({ serverConfig: { allow: ["vendor/**"] } });
    const dev = client({ "README.md": "x\n", "vendor/sdk.bin": pseudoRandom(3_000_000, "sdk") });
    expect(push(dev, [srv.url, "main"]).status).toBe(0);
    mkdirSync(path.join(dev.dir, "lib"));
    dev.git(["mv", "vendor/sdk.bin", "lib/sdk.bin"]);
    dev.commit("move the sdk");
    const moved = push(dev, [srv.url, "main"]);
    expect(moved.status, moved.output).toBe(0);
    dev.commit("a new binary there", { "lib/other.bin": pseudoRandom(3_000_000, "other") });
    expect(remoteLines(push(dev, [srv.url, "main"]).output).filter((l) => l.startsWith("✖"))).toEqual([expect.stringMatching(/^✖ lib\/other\.bin \(binary/)]);
  });

  it("asks git which blobs are new only when a rule could need it: small files at paths an lfs line reaches cost no rev-list; a big binary there is still judged by whether it is new", () => {
    // *.bin is LFS except in lib/ and vendor/: files there are Maybe until git answers, then plain files.
    const attributes = "*.bin filter=lfs diff=lfs merge=lfs -text\nlib/*.bin !filter !diff !merge\nvendor/*.bin !filter !diff !merge\n";
    const srv = server({ serverConfig: { extends: ["recommended"], allow: ["vendor/**"] } });
    const dev = client({ "README.md": "x\n", ".gitattributes": attributes, "vendor/sdk.bin": pseudoRandom(3_000_000, "sdk") });
    expect(push(dev, [srv.url, "main"]).status).toBe(0);
    // GIT_TRACE reaches the hook's git processes through receive-pack: every one writes its command line.
    const traced = (label: string) => {
      const file = path.join(path.dirname(srv.dir), `${label}.trace`);
      return { env: { GIT_TRACE: file }, exclusions: () => readFileSync(file, "utf8").split("\n").filter((l) => l.includes("rev-list --objects --no-object-names --filter=object:type=blob")) };
    };

    dev.commit("small files at Maybe paths", { "lib/tiny.bin": pseudoRandom(500, "tiny"), "lib/notes.bin": "notes\n" });
    const small = traced("small");
    const clean = push(dev, [srv.url, "main"], small.env);
    expect(clean.status, clean.output).toBe(0);
    expect(small.exclusions()).toEqual([]);

    // A move brings no new blob: the binary rule speaks, the exclusions say the server has it.
    dev.git(["mv", "vendor/sdk.bin", "lib/sdk.bin"]);
    dev.commit("move the sdk");
    const move = traced("move");
    const moved = push(dev, [srv.url, "main"], move.env);
    expect(moved.status, moved.output).toBe(0);
    expect(move.exclusions()).toHaveLength(1);

    dev.commit("a new binary there", { "lib/other.bin": pseudoRandom(3_000_000, "other") });
    const refused = push(dev, [srv.url, "main"]);
    expect(refused.status).not.toBe(0);
    expect(remoteLines(refused.output).filter((l) => l.startsWith("✖"))).toEqual([expect.stringMatching(/^✖ lib\/other\.bin \(binary/)]);
  });

  it("a force push is judged by what it brings: a rewritten commit with a heavy file is refused", () => {
    const srv = server();
    const dev = client();
    push(dev, [srv.url, "main"]);
    dev.commit("light", { "a.txt": "a\n" });
    push(dev, [srv.url, "main"]);
    const before = srv.ref("main");
    dev.write({ "big.dat": pseudoRandom(11_000_000) });
    dev.git(["add", "-A"]);
    dev.git(["commit", "-q", "--amend", "-m", "heavy rewrite"]);
    const run = push(dev, ["--force", srv.url, "main"]);
    expect(run.status).not.toBe(0);
    expect(remoteLines(run.output)).toContain("  fix: git switch main && npx ballast migrate big.dat");
    expect(remoteLines(run.output).some((l) => l.startsWith("✖ big.dat (size, 11 MB"))).toBe(true);
    expect(srv.ref("main")).toBe(before);
  });

  it("the server's policy wins: a pushed commit that loosens the committed config is judged by HEAD's; --config pins it over HEAD's", () => {
    const srv = server();
    const dev = client({ "README.md": "x\n", "ballast.config.json": JSON.stringify({ forbidden: [".env"] }) });
    push(dev, [srv.url, "main"]);
    dev.commit("loosen and sneak in", { "ballast.config.json": JSON.stringify({ rules: { binary: "off", size: "off", forbidden: "off" } }), "w.bin": pseudoRandom(2_000_000), ".env": "TOKEN=1\n" });
    const run = push(dev, [srv.url, "main"]);
    expect(run.status).not.toBe(0);
    expect(remoteLines(run.output).filter((l) => l.startsWith("✖")).sort()).toEqual([expect.stringMatching(/^✖ \.env \(forbidden/), expect.stringMatching(/^✖ w\.bin \(binary/)]);

    // HEAD's committed config turns binary off; the admin's pinned config does not.
    const pinned = server({ serverConfig: { rules: { binary: "error" } } });
    const loose = client({ "README.md": "x\n", "ballast.config.json": JSON.stringify({ rules: { binary: "off", size: "off" } }) });
    push(loose, [pinned.url, "main"]);
    loose.commit("model", { "m.bin": pseudoRandom(2_000_000, "m") });
    const refused = push(loose, [pinned.url, "main"]);
    expect(refused.status).not.toBe(0);
    expect(remoteLines(refused.output).some((l) => l.startsWith("✖ m.bin (binary"))).toBe(true);
  });

  it("fails closed: a broken server config or a committed code config refuses the push (exit 2) with the cause and the fix", () => {
    const broken = server({ serverConfig: { limits: { block: "ten MB" } } });
    const dev = client();
    const run = push(dev, [broken.url, "main"]);
    expect(run.status).not.toBe(0);
    expect(remoteLines(run.output)[0]).toMatch(/^ballast: the config in ballast-server\.json has 1 problem/);
    expect(broken.ref("main")).toBe("");

    const code = server();
    const mjs = client({ "ballast.config.mjs": "export default { forbidden: ['.env'] };\n" });
    // The push that would make a code config the default branch's is refused (receive-policy.test.ts follows its fix).
    const refused = push(mjs, [code.url, "main"]);
    expect(refused.status).not.toBe(0);
    expect(remoteLines(refused.output)[0]).toBe(
      `ballast: this push would leave main with a config ballast cannot use, and every later push would be refused: ${mjs.git(["rev-parse", "--short=12", "HEAD"]).stdout.trim()}:ballast.config.mjs is code, and ballast receive does not run a repository's code on the server unless told to (it would run with the hook's rights)`,
    );
    expect(pushPastHook(code, mjs, [code.url, "main"]).status).toBe(0);
    mjs.commit("more", { "b.txt": "b\n" });
    const locked = push(mjs, [code.url, "HEAD:refs/heads/more"]);
    expect(locked.status).not.toBe(0);
    expect(remoteLines(locked.output)).toEqual([
      "ballast: HEAD:ballast.config.mjs is code, and ballast receive does not run a repository's code on the server unless told to (it would run with the hook's rights)",
      expect.stringMatching(/^ {2}fix: pin the policy on the server .*--trust-code-config$/),
    ]);
    const trusted = server({ args: ["--trust-code-config"] });
    push(mjs, [trusted.url, "HEAD~1:refs/heads/main"]);
    mjs.commit("secret", { ".env": "T=1\n" });
    const judged = push(mjs, [trusted.url, "main"]);
    expect(remoteLines(judged.output).some((l) => l.startsWith("✖ .env (forbidden"))).toBe(true);
  });

  it("with receive.allowSkip, git push -o ballast.skip=REASON passes and says why; without it the option is ignored", () => {
    const open = server({ serverConfig: { receive: { allowSkip: true } } });
    open.git("config", "receive.advertisePushOptions", "true");
    const dev = client();
    push(dev, [open.url, "main"]);
    dev.commit("hotfix with a binary", { "fw.bin": pseudoRandom(2_000_000) });
    const skipped = push(dev, ["-o", "ballast.skip=firmware for the 2.1 hotfix, ticket OPS-7", open.url, "main"]);
    expect(skipped.status, skipped.output).toBe(0);
    expect(remoteLines(skipped.output)).toContain('ballast: this push was let through unjudged (git push -o ballast.skip): "firmware for the 2.1 hotfix, ticket OPS-7"');

    const closed = server();
    closed.git("config", "receive.advertisePushOptions", "true");
    const other = client();
    push(other, [closed.url, "main"]);
    other.commit("binary", { "fw.bin": pseudoRandom(2_000_000) });
    const refused = push(other, ["-o", "ballast.skip=please", closed.url, "main"]);
    expect(refused.status).not.toBe(0);
    expect(remoteLines(refused.output)).toContain("ballast: -o ballast.skip was ignored: this server does not allow skipping (receive.allowSkip)");
  });

  it("works over git:// (git daemon on 127.0.0.1, receive-pack enabled) as over file://", async () => {
    const srv = server();
    const { url, daemon } = await gitDaemon(path.dirname(srv.dir));
    kill.push(() => daemon.kill());
    const dev = client();
    expect(push(dev, [url("repo.git"), "main"]).status).toBe(0);
    const before = srv.ref("main");
    dev.commit("heavy", { "assets/video.mp4": pseudoRandom(6_000_000, "v") });
    const run = push(dev, [url("repo.git"), "main"]);
    expect(run.status).not.toBe(0);
    expect(remoteLines(run.output)).toEqual(expect.arrayContaining([expect.stringMatching(/^✖ assets\/video\.mp4 \(binary, 6 MB/), "  fix: git switch main && npx ballast migrate assets/video.mp4"]));
    expect(srv.ref("main")).toBe(before);
  });

  it("reads .gitattributes that arrive in the same push (still in quarantine): real bytes at a new LFS path are refused", () => {
    const srv = server();
    const dev = client();
    push(dev, [srv.url, "main"]);
    dev.commit("track weights with LFS, without git-lfs set up", { ".gitattributes": "weights/** filter=lfs diff=lfs merge=lfs -text\n", "weights/w.pt": pseudoRandom(200_000, "w") });
    const run = push(dev, [srv.url, "main"]);
    expect(run.status).not.toBe(0);
    expect(remoteLines(run.output)).toEqual(expect.arrayContaining([expect.stringMatching(/^✖ weights\/w\.pt \(lfs-not-pointer/), "  fix: git switch main && git lfs migrate import --include=weights/w.pt && git lfs install --local --skip-repo"]));
  });

  it("a pushed .ballast reference with no store configured on the server passes with one note line", () => {
    const srv = server();
    const dev = client();
    push(dev, [srv.url, "main"]);
    dev.commit("stowed", { "models/m.bin.ballast": `${JSON.stringify({ ballast: 1, path: "m.bin", sha256: "a".repeat(64), size: 10 }, null, 2)}\n` });
    const run = push(dev, [srv.url, "main"]);
    expect(run.status, run.output).toBe(0);
    expect(remoteLines(run.output)).toEqual(["ballast: 1 stowed file not checked against storage: the server's config names no store (unresolved-reference skipped)"]);
  });
});
