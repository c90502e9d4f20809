import { spawnSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { hasGitLfs, pseudoRandom } from "@ballast/test-utils";
import { describe, expect, it } from "vitest";
import { makeBot } from "./fix-table/bot.js";

// A tag of a blob holds a file that is in no commit: git's log never walks it, and a push
// sends it all the same. Through the hooks `ballast init` installs, to a bare remote.
describe.skipIf(!hasGitLfs())("pre-push: a tag of a blob is judged (needs git-lfs: init installs its hooks)", () => {
  it("is refused with the fix that deletes the tag; run as printed, the same push passes", () => {
    const bot = makeBot();
    writeFileSync(path.join(bot.dir, "model.bin"), pseudoRandom(3_000_000, "model"));
    const blob = bot.git(["hash-object", "-w", "model.bin"]).stdout.trim();
    rmSync(path.join(bot.dir, "model.bin"));
    bot.git(["tag", "model-v1", blob]);
    bot.git(["tag", "-a", "-m", "release", "v1"]);
    const refused = bot.git(["push", "origin", "--tags"], { allowFail: true });
    expect(refused.status).not.toBe(0);
    const output = `${refused.stdout}${refused.stderr}`;
    expect(output).toContain("✖ refs/tags/model-v1 3 MB");
    expect(output).toContain("It is in no commit: refs/tags/model-v1 names this blob itself");
    const fix = /fix: (.+)/.exec(output)?.[1];
    expect(fix).toBe("git tag -d model-v1");
    expect(spawnSync("sh", ["-c", fix!], { cwd: bot.dir }).status).toBe(0);
    const again = bot.git(["push", "origin", "--tags"], { allowFail: true });
    expect(again.status, `${again.stdout}${again.stderr}`).toBe(0);
    expect(bot.git(["ls-remote", "--tags", "origin"]).stdout).not.toContain("model-v1");
  });
});
