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

    // A ref outside refs/tags: its own deletion is the fix, run as printed.
    bot.git(["update-ref", "refs/weights/w1", blob]);
    const custom = bot.git(["push", "origin", "refs/weights/w1"], { allowFail: true });
    expect(custom.status).not.toBe(0);
    const customFix = /fix: (.+)/.exec(`${custom.stdout}${custom.stderr}`)?.[1];
    expect(customFix).toBe("git update-ref -d refs/weights/w1");
    expect(spawnSync("sh", ["-c", customFix!], { cwd: bot.dir }).status).toBe(0);
    expect(bot.git(["for-each-ref", "refs/weights"]).stdout).toBe("");

    // An object id pushed to a tag name: there is no local tag to delete, so no command is printed.
    const raw = bot.git(["push", "origin", `${blob}:refs/tags/raw`], { allowFail: true });
    const rawOutput = `${raw.stdout}${raw.stderr}`;
    expect(raw.status).not.toBe(0);
    expect(rawOutput).toContain("✖ refs/tags/raw 3 MB");
    expect(rawOutput).not.toMatch(/fix: git (tag|update-ref) -d/);
  });
});
