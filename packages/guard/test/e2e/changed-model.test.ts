import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ballast, pseudoRandom } from "@ballast/test-utils";
import { describe, expect, it } from "vitest";
import { buildContext, makeBot, type Bot } from "./fix-table/bot.js";
import { runPrinted } from "./fix-table/printed.js";
import { prove, type Attempt } from "./fix-table/prove.js";

/**
 * A stowed model that changed here (retrained in place), or that is no longer a file
 * (a symlink): no fix ballast prints may lose a model's bytes, and every one must work
 * where it is printed, in a git checkout and in a build context without .git.
 */
const OLD = pseudoRandom(60_000, "old model");
const NEW = pseudoRandom(60_000, "retrained");
const sha = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
const MODEL = "models/m.pt";
const REF = "models/m.pt.ballast";

describe("a stowed model retrained in place", () => {
  it("in a git checkout, verify's fix stows the new model (keeping the work), and names pull --force to discard it", () => {
    const bot = pushedBot();
    bot.write({ [MODEL]: NEW });
    const finding = prove({ rule: "unresolved-reference", path: REF, where: bot.dir, act: () => verify(bot.dir) });
    expect(finding.fix).toBe(`npx ballast stow ${MODEL}`);
    expect(finding.message).toContain(`npx ballast pull --force ${MODEL}`);
    expect(sha(readFileSync(path.join(bot.dir, MODEL)))).toBe(sha(NEW));
    expect(JSON.parse(readFileSync(path.join(bot.dir, REF), "utf8")).sha256).toBe(sha(NEW));
  }, 120_000);

  it("status says the file differs and how to keep it or go back", () => {
    const bot = pushedBot();
    bot.write({ [MODEL]: NEW });
    const run = ballast(["status"], { cwd: bot.dir });
    expect(run.code, run.output).toBe(0);
    expect(run.stdout).toContain(`npx ballast stow ${MODEL}`);
    expect(run.stdout).toContain(`npx ballast pull --force ${MODEL}`);
  }, 120_000);

  it("pull --force keeps the replaced bytes in the local cache and prints the command that brings them back", () => {
    const bot = pushedBot();
    bot.write({ [MODEL]: NEW });
    const pulled = runPrinted(`npx ballast pull --force ${MODEL}`, bot.dir);
    expect(pulled.status, pulled.output).toBe(0);
    expect(sha(readFileSync(path.join(bot.dir, MODEL)))).toBe(sha(OLD));
    const cached = path.join(bot.dir, ".git/ballast/objects/sha256", sha(NEW).slice(0, 2), sha(NEW).slice(2, 4), sha(NEW));
    expect(sha(readFileSync(cached))).toBe(sha(NEW));
    const back = /to get it back: (.+)$/m.exec(pulled.output)?.[1];
    expect(back, pulled.output).toBeDefined();
    const ran = runPrinted(back!, bot.dir);
    expect(ran.status, ran.output).toBe(0);
    expect(sha(readFileSync(path.join(bot.dir, MODEL)))).toBe(sha(NEW));
  }, 120_000);

  it("in a build context without .git, verify's fix stays pull --force, and it keeps the replaced file beside", () => {
    const ctx = buildContext(pushedBot(), { [MODEL]: OLD });
    writeFileSync(path.join(ctx, MODEL), NEW);
    const finding = prove({ rule: "unresolved-reference", path: REF, where: ctx, act: () => verify(ctx) });
    expect(finding.fix).toBe(`npx ballast pull --force ${MODEL}`);
    expect(sha(readFileSync(path.join(ctx, MODEL)))).toBe(sha(OLD));
    // Again, to read where it keeps the replaced file, and bring it back from there.
    writeFileSync(path.join(ctx, MODEL), NEW);
    const forced = runPrinted(`npx ballast pull --force ${MODEL}`, ctx);
    const back = /to get it back: (.+)$/m.exec(forced.output)?.[1];
    expect(back, forced.output).toBeDefined();
    expect(runPrinted(back!, ctx).status).toBe(0);
    expect(sha(readFileSync(path.join(ctx, MODEL)))).toBe(sha(NEW));
  }, 120_000);
});

describe("a symlink where the stowed model should be", () => {
  it.each(["checkout", "build context"])("in a %s, verify's fix removes the link and pulls; the link's target is untouched", (where) => {
    const bot = pushedBot();
    const dir = where === "checkout" ? bot.dir : buildContext(bot, { [MODEL]: OLD });
    const victim = path.join(bot.base, "victim");
    writeFileSync(victim, "not yours\n");
    spawnSync("rm", ["-f", path.join(dir, MODEL)]);
    symlinkSync(victim, path.join(dir, MODEL));
    const finding = prove({ rule: "unresolved-reference", path: REF, where: dir, act: () => verify(dir) });
    expect(finding.fix).toBe(`rm -- ${MODEL} && npx ballast pull ${MODEL}`);
    expect(readFileSync(victim, "utf8")).toBe("not yours\n");
    expect(sha(readFileSync(path.join(dir, MODEL)))).toBe(sha(OLD));
  }, 120_000);

  it("pull --force refuses to write through it, with the same fix", () => {
    const bot = pushedBot();
    const victim = path.join(bot.base, "victim");
    writeFileSync(victim, "not yours\n");
    spawnSync("rm", ["-f", path.join(bot.dir, MODEL)]);
    symlinkSync(victim, path.join(bot.dir, MODEL));
    const run = ballast(["pull", "--force", MODEL], { cwd: bot.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`fix: rm -- ${MODEL} && npx ballast pull ${MODEL}`);
    expect(readFileSync(victim, "utf8")).toBe("not yours\n");
  }, 120_000);
});

/** A bot whose model is stowed, committed and pushed (the store holds it). */
function pushedBot(): Bot {
  const bot = makeBot();
  bot.write({ [MODEL]: OLD });
  const stow = ballast(["stow", MODEL], { cwd: bot.dir });
  if (stow.code !== 0) throw new Error(stow.output);
  bot.git(["commit", "-q", "-m", "stow the model"]);
  bot.git(["push", "-q", "origin", "main"]);
  return bot;
}


function verify(dir: string): Attempt {
  const run = ballast(["verify"], { cwd: dir });
  return { status: run.code, output: run.output };
}
