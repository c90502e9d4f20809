import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ballast, gitdir, pseudoRandom, tempDir } from "@ballast/test-utils";
import { describe, expect, it } from "vitest";

/**
 * The README's "In your own repository" commands, read from the README and run as printed
 * (only `~/my-bot` becomes a scratch folder): pack in this clone, install the tarballs
 * with npm in an `npm init -y` bot, init, doctor; then a teammate's clone gets the hooks
 * from `npm install` alone, the tarballs being committed with the bot.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
const env = { ...process.env, npm_config_update_notifier: "false", npm_config_loglevel: "error", npm_config_prefer_offline: "true", npm_config_audit: "false", npm_config_fund: "false" };
const hasPnpm = spawnSync("pnpm", ["--version"], { encoding: "utf8" }).status === 0;

function sh(command: string, cwd: string): SpawnSyncReturns<string> {
  return spawnSync("sh", ["-c", command], { cwd, encoding: "utf8", env, timeout: 240_000, maxBuffer: 1 << 26 });
}
function ok(result: SpawnSyncReturns<string>, what: string): string {
  expect(result.status, `${what}\n${result.stdout}\n${result.stderr}`).toBe(0);
  return result.stdout;
}

/** The sh code blocks of the README's "In your own repository" section, command lines only. */
function installBlocks(): string[][] {
  const readme = readFileSync(path.join(root, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## In your own repository"), readme.indexOf("\n## ", readme.indexOf("## In your own repository") + 3));
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!.split("\n").filter((l) => l.trim() && !l.trim().startsWith("#")));
}

describe("the README's install commands", () => {
  it.skipIf(!hasPnpm)("work as printed on a scratch npm init -y repository (needs pnpm on PATH)", { timeout: 300_000 }, () => {
    const [pack, inRepo] = installBlocks();
    expect(pack).toHaveLength(1);
    expect(inRepo!.map((l) => l.split(/\s+#/)[0]!.trim())).toEqual(["npm install -D ./vendor/ballast/*.tgz", "npx ballast init", "npx ballast doctor"]);

    const bot = gitdir({}, { commit: false });
    ok(sh("npm init -y", bot.dir), "npm init -y");
    bot.write({ "bot.js": "console.log('bot');\n" });
    const packLine = pack![0]!.replaceAll("~/my-bot", bot.dir);
    expect(packLine).not.toBe(pack![0]);
    ok(sh(packLine, root), packLine);
    for (const line of inRepo!) ok(sh(line, bot.dir), line);

    // @ballast/config came from its tarball, not from a registry.
    const pkg = JSON.parse(readFileSync(path.join(bot.dir, "package.json"), "utf8"));
    expect(pkg.devDependencies["@ballast/config"]).toBe("file:vendor/ballast/ballast-config-0.1.0.tgz");
    expect(pkg.devDependencies["@ballast/guard"]).toBe("file:vendor/ballast/ballast-guard-0.1.0.tgz");
    expect(ok(sh("npm ls @ballast/config", bot.dir), "npm ls")).toContain("@ballast/config@0.1.0 deduped");

    // The commit init suggests, through the hooks it installed; node_modules stays out.
    ok(sh('git add -A && git commit -q -m "Set up ballast"', bot.dir), "commit");
    const committed = bot.git(["ls-files"]).stdout.split("\n");
    expect(committed).toContain("vendor/ballast/ballast-guard-0.1.0.tgz");
    expect(committed.filter((f) => f.startsWith("node_modules/"))).toEqual([]);

    // A teammate: clone, npm install, and a heavy commit is blocked by the hooks.
    const clone = path.join(tempDir(), "teammate");
    bot.git(["clone", "-q", bot.dir, clone]);
    ok(sh("npm install", clone), "teammate npm install");
    writeFileSync(path.join(clone, "big.bin"), pseudoRandom(3_000_000, "readme"));
    const blocked = sh("git add big.bin && git commit -q -m big", clone);
    expect(blocked.status).toBe(1);
    expect(blocked.stdout + blocked.stderr).toContain("npx ballast stow big.bin");
  });

  it.skipIf(!hasPnpm)("init's fix for a repository without package.json works as printed, from the packed tarballs (needs pnpm on PATH)", { timeout: 300_000 }, () => {
    const [pack] = installBlocks();
    const repo = gitdir({ "bot.py": "print('bot')\n" });
    ok(sh(pack![0]!.replaceAll("~/my-bot", repo.dir), root), "pack");

    const refused = ballast(["init"], { cwd: repo.dir });
    expect(refused.code).toBe(2);
    const fix = /fix: (.*)/.exec(refused.stderr)?.[1];
    expect(fix).toBe("npm init -y && npm install -D ./vendor/ballast/*.tgz && npx ballast init");
    ok(sh(fix!, repo.dir), fix!);

    const pkg = JSON.parse(readFileSync(path.join(repo.dir, "package.json"), "utf8"));
    expect(pkg.devDependencies["@ballast/guard"]).toBe("file:vendor/ballast/ballast-guard-0.1.0.tgz");
    expect(ok(sh("npx ballast doctor", repo.dir), "doctor")).toMatch(/pre-commit and pre-push run ballast/);
  });
});
