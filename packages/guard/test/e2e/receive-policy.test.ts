import { pseudoRandom } from "@ballast/test-utils";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { client, push, pushPastHook, remoteLines, server } from "./receive-fixture.js";

/** A server whose default branch holds a config ballast cannot use, pushed with the hook set aside. */
function brokenOnMain(config: string) {
  const srv = server();
  const dev = client();
  expect(push(dev, [srv.url, "main"]).status).toBe(0);
  dev.commit("broken config", { "ballast.config.json": config });
  expect(pushPastHook(srv, dev, [srv.url, "main"]).status).toBe(0);
  return { srv, dev };
}

// The policy a server judges with, when it is the repository's own committed config:
// pushers can change that config (the next push is judged by it), so a push must not be able
// to lock every later push out, nor open the admins' escape hatch.
describe("ballast receive: the committed policy", () => {
  for (const [what, file, text] of [
    ["an unknown key", "ballast.config.json", '{ "extends": ["recommended"], "limts": {} }\n'],
    ["JSON that does not parse", "ballast.config.json", '{ "extends": ["recommended"],\n  "limits": {\n'],
    ["a config committed as code", "ballast.config.mjs", "export default { limits: { block: '1 GB' } };\n"],
  ] as const) {
    it(`refuses a push that would leave the default branch with ${what}; its fix (a corrected commit) passes, and no later push is locked out`, () => {
      const srv = server();
      const dev = client();
      expect(push(dev, [srv.url, "main"]).status).toBe(0);
      const before = srv.ref("main");
      dev.commit("config", { [file]: text });
      const run = push(dev, [srv.url, "main"]);
      expect(run.status).not.toBe(0);
      const lines = remoteLines(run.output);
      expect(lines[0]).toMatch(/^ballast: this push would leave main with a config ballast cannot use, and every later push would be refused: /);
      expect(lines[0]).toContain(`${dev.git(["rev-parse", "--short=12", "HEAD"]).stdout.trim()}:${file}`);
      expect(lines).toContain("  fix: correct it in a new commit (git commit --amend if it is the last one) and push again; on a server, a config committed as code must be JSON (ballast.config.json)");
      expect(srv.ref("main")).toBe(before);
      // The fix, as its words say: a corrected JSON config in the last commit.
      dev.git(["rm", "-q", file]);
      dev.write({ "ballast.config.json": '{ "extends": ["recommended"], "limits": { "block": "1 MB", "warn": "500 kB" } }\n' });
      dev.git(["add", "ballast.config.json"]);
      dev.git(["commit", "-q", "--amend", "--no-edit"]);
      expect(push(dev, [srv.url, "main"]).status).toBe(0);
      // And the config it brought is the one the next push is judged by.
      dev.commit("big text", { "notes.txt": "a".repeat(1_500_000) });
      const next = push(dev, [srv.url, "main"]);
      expect(next.status).not.toBe(0);
      expect(remoteLines(next.output).some((l) => l.startsWith("✖ notes.txt (size"))).toBe(true);
    });
  }

  it("a default branch whose config is already broken (pushed past the hook): its fix, a push that corrects it, passes with a note, and the other pushes pass again", () => {
    const { srv, dev } = brokenOnMain('{ "limts": {} }\n');

    dev.git(["checkout", "-q", "-b", "feature"]);
    dev.commit("feature", { "src/app.py": "print(1)\n" });
    const locked = push(dev, [srv.url, "feature"]);
    expect(locked.status).not.toBe(0);
    const lines = remoteLines(locked.output);
    expect(lines[0]).toBe("ballast: the config in HEAD:ballast.config.json has 1 problem");
    expect(lines).toContain(
      "  fix: push a commit to main that corrects it (a push that repairs it is judged with the recommended preset), or ask the server's admin to pin a config (ballast receive --config FILE)",
    );
    expect(srv.ref("feature")).toBe("");

    dev.git(["checkout", "-q", "main"]);
    dev.commit("config corrected", { "ballast.config.json": '{ "extends": ["recommended"] }\n' });
    const repaired = push(dev, [srv.url, "main"]);
    expect(repaired.status, repaired.output).toBe(0);
    expect(remoteLines(repaired.output)).toContain(
      "ballast: the config committed on main cannot be used, and this push corrects it: judged with the recommended preset; the next push is judged with the corrected config",
    );
    expect(push(dev, [srv.url, "feature"]).status).toBe(0);
  });

  it("a repair is still judged: a push that corrects the config but brings a 6 MB binary is refused", () => {
    const { srv, dev } = brokenOnMain("{ nope\n");
    dev.commit("config corrected, and a loosened limit", { "ballast.config.json": '{ "limits": { "block": "1 GB", "binary": "1 GB" } }\n', "fw.bin": pseudoRandom(6_000_000) });
    const run = push(dev, [srv.url, "main"]);
    expect(run.status).not.toBe(0);
    expect(remoteLines(run.output).some((l) => l.startsWith("✖ fw.bin (binary, 6 MB"))).toBe(true);
  });

  it("receive.allowSkip in a committed config does not open the escape hatch; with the server's own, a reason is required", () => {
    const srv = server();
    srv.git("config", "receive.advertisePushOptions", "true");
    const dev = client();
    dev.commit("config", { "ballast.config.json": '{ "extends": ["recommended"], "receive": { "allowSkip": true } }\n' });
    expect(push(dev, [srv.url, "main"]).status).toBe(0);
    dev.commit("binary", { "fw.bin": pseudoRandom(2_000_000) });
    const run = push(dev, ["-o", "ballast.skip=it is fine", srv.url, "main"]);
    expect(run.status).not.toBe(0);
    expect(remoteLines(run.output)).toContain("ballast: -o ballast.skip was ignored: only the server's own config (ballast receive --config FILE) can allow skipping, not a committed one");

    const pinned = server({ serverConfig: { receive: { allowSkip: true } } });
    pinned.git("config", "receive.advertisePushOptions", "true");
    for (const option of ["ballast.skip", "ballast.skip=", "ballast.skip=  "]) {
      const empty = push(dev, ["-o", option, pinned.url, "main"]);
      expect(empty.status, option).not.toBe(0);
      expect(remoteLines(empty.output), option).toContain('ballast: -o ballast.skip was ignored: it needs a reason, printed back to everyone: git push -o ballast.skip="why this push may pass"');
    }
    // As the words say.
    const named = push(dev, ["-o", "ballast.skip=why this push may pass", pinned.url, "main"]);
    expect(named.status, named.output).toBe(0);
  });

  it("HEAD naming a branch that does not exist (git init --bare's master, the team pushes main) gets a note; the admin's command makes the committed config apply", () => {
    const srv = server();
    srv.git("symbolic-ref", "HEAD", "refs/heads/master");
    const dev = client();
    dev.commit("config", { "ballast.config.json": '{ "extends": ["recommended"], "limits": { "block": "100 kB", "warn": "50 kB" } }\n' });
    expect(push(dev, [srv.url, "main"]).status).toBe(0);
    dev.commit("200 kB of text", { "b.txt": "a".repeat(200_000) });
    const run = push(dev, [srv.url, "main"]);
    expect(run.status, run.output).toBe(0);
    expect(remoteLines(run.output)).toContain(
      "ballast: this repository's HEAD names refs/heads/master, which does not exist, so no committed config was read and the recommended preset applies; its admin runs: git symbolic-ref HEAD refs/heads/main (in the bare repository), or pins a config with --config FILE",
    );
    // The admin's command, in the bare repository: the committed 100 kB limit applies, and the note is gone.
    srv.git("symbolic-ref", "HEAD", "refs/heads/main");
    dev.commit("200 kB more", { "c.txt": "c".repeat(200_000) });
    const judged = push(dev, [srv.url, "main"]);
    expect(judged.status).not.toBe(0);
    expect(remoteLines(judged.output).some((l) => l.startsWith("✖ c.txt (size"))).toBe(true);
    expect(remoteLines(judged.output).some((l) => l.includes("HEAD names"))).toBe(false);
  });

  it("a broken server config (--config FILE) refuses every push, and tells the pusher it is the admin's to fix", () => {
    const srv = server({ serverConfig: { limts: {} } });
    const dev = client();
    const run = push(dev, [srv.url, "main"]);
    expect(run.status).not.toBe(0);
    const lines = remoteLines(run.output);
    expect(lines[0]).toMatch(/^ballast: the config in ballast-server\.json has 1 problem$/);
    expect(lines).toContain(
      "  fix: this server's own ballast config (ballast receive --config FILE) cannot be used, so every push is refused until its admin fixes the problems named above (ballast doctor --config FILE checks it)",
    );
    // The admin's fix: the file corrected, the same push passes.
    writeFileSync(path.join(path.dirname(srv.dir), "ballast-server.json"), '{ "extends": ["recommended"] }\n');
    expect(push(dev, [srv.url, "main"]).status).toBe(0);
  });
});
