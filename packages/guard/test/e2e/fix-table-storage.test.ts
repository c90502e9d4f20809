import { createHash } from "node:crypto";
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ballast, hasGitLfs, pseudoRandom } from "@ballast/test-utils";
import { describe, it } from "vitest";
import { buildContext, makeBot, type Bot } from "./fix-table/bot.js";
import { prove, type Attempt } from "./fix-table/prove.js";
import { LFS_ATTRIBUTES } from "./fix-table/rows.js";

/**
 * The fix table's other half (see fix-table.test.ts): the rules that ask storage, where a
 * push prints them, and `verify` in a build context without .git (a Docker `COPY . .`).
 */
const MODEL = pseudoRandom(40_000, "model");
const sha = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

describe.skipIf(!hasGitLfs())("a fix must fix: storage rules in a real git push (needs git-lfs)", () => {
  it("pre-push: lfs-missing-object (the object is on the LFS server, not here)", () => {
    const bot = makeBot();
    bot.commitQuietly("lfs", LFS_ATTRIBUTES);
    bot.git(["lfs", "install", "--local", "--skip-repo"]);
    bot.git(["push", "-q", "--no-verify", "origin", "main"]);
    bot.commitQuietly("weights", { "w.bin": MODEL });
    const oid = sha(MODEL);
    bot.git(["lfs", "push", "origin", "--object-id", oid]);
    bot.commitQuietly("more", { "app.txt": "v3\n" });
    // Last: git add (a racy index entry) may run the clean filter again, which stores it anew.
    rmSync(path.join(bot.dir, ".git", "lfs", "objects", oid.slice(0, 2), oid.slice(2, 4), oid));
    prove({ rule: "lfs-missing-object", path: "w.bin", where: bot.dir, act: () => push(bot) });
  }, 240_000);

  it("pre-push: unresolved-reference (the same bytes are here, the cache lost them)", () => {
    const bot = stowedBot();
    rmSync(path.join(bot.dir, ".git", "ballast", "objects"), { recursive: true, force: true });
    bot.commitQuietly("more", { "app.txt": "v3\n" });
    prove({ rule: "unresolved-reference", path: "models/m.pt.ballast", where: bot.dir, act: () => push(bot) });
  }, 240_000);

  it("pre-push: unresolved-reference (the bytes are nowhere here: words)", () => {
    const bot = stowedBot();
    rmSync(path.join(bot.dir, ".git", "ballast", "objects"), { recursive: true, force: true });
    rmSync(path.join(bot.dir, "models", "m.pt"));
    bot.commitQuietly("more", { "app.txt": "v3\n" });
    const words = new RegExp(`Put the file whose sha256 is ${sha(MODEL)} back at models/m.pt`);
    prove({ rule: "unresolved-reference", path: "models/m.pt.ballast", words, where: bot.dir, act: () => push(bot) });
  }, 240_000);
});

describe("a fix must fix: verify in a build context without .git", () => {
  it("verify: unresolved-reference (the stowed file is not here yet)", () => {
    const ctx = buildContext(stowedBot(true));
    prove({ rule: "unresolved-reference", path: "models/m.pt.ballast", where: ctx, act: () => verify(ctx) });
  }, 240_000);

  it("verify: unresolved-reference (the stowed file here differs)", () => {
    const ctx = buildContext(stowedBot(true));
    writeFileSync(path.join(ctx, "models", "m.pt"), "not the model\n");
    prove({ rule: "unresolved-reference", path: "models/m.pt.ballast", where: ctx, act: () => verify(ctx) });
  }, 240_000);

  it("verify: unresolved-reference (the reference is damaged: words)", () => {
    const ctx = buildContext(stowedBot(true));
    writeFileSync(path.join(ctx, "models", "m.pt.ballast"), "{ not json\n");
    prove({ rule: "unresolved-reference", path: "models/m.pt.ballast", where: ctx, act: () => verify(ctx), words: /There is no \.git here to restore it from/ });
  }, 240_000);

  it("verify: lfs-missing-object (a file that is LFS pointer text: words)", () => {
    const ctx = buildContext(stowedBot(true));
    writeFileSync(path.join(ctx, "Dockerfile"), `version https://git-lfs.github.com/spec/v1\noid sha256:${sha(MODEL)}\nsize ${MODEL.length}\n`);
    prove({ rule: "lfs-missing-object", path: "Dockerfile", where: ctx, act: () => verify(ctx), words: /There is no \.git here, so nothing can download it in this folder/ });
  }, 240_000);
});

/** A bot whose model is stowed by hand (`ballast stow`) and committed through the hook; pushed when asked. */
function stowedBot(pushed = false): Bot {
  const bot = makeBot();
  bot.write({ "models/m.pt": MODEL });
  const stow = ballast(["stow", "models/m.pt"], { cwd: bot.dir });
  if (stow.code !== 0) throw new Error(stow.output);
  bot.git(["commit", "-q", "-m", "stow the model"]);
  if (pushed) bot.git(["push", "-q", "origin", "main"]);
  return bot;
}


function push(bot: Bot): Attempt {
  const run = bot.git(["push", "origin", "main"], { allowFail: true });
  return { status: run.status ?? -1, output: `${run.stdout}${run.stderr}` };
}

function verify(ctx: string): Attempt {
  const run = ballast(["verify"], { cwd: ctx });
  return { status: run.code, output: run.output };
}
