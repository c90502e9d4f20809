import { spawnSync } from "node:child_process";
import { mkdirSync, statSync, symlinkSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ballast, gitdir, pseudoRandom, tempDir } from "@ballast/test-utils";
import { describe, expect, it } from "vitest";

const examples = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../../examples");

/** What `npm install -D @acme/ballast-config` does, for a package that is not published. */
function linkSharedConfig(repoDir: string): void {
  mkdirSync(path.join(repoDir, "node_modules/@acme"), { recursive: true });
  symlinkSync(path.join(examples, "shared-config"), path.join(repoDir, "node_modules/@acme/ballast-config"), "dir");
}

describe("examples/", () => {
  it("api: report.mjs reports the staged change through the typed API, exit 1 when blocked", () => {
    const repo = gitdir({ "README.md": "# bot\n" });
    repo.write({ "embeddings.bin": pseudoRandom(3_000_000) });
    repo.git(["add", "embeddings.bin"]);
    const result = spawnSync(process.execPath, [path.join(examples, "api/report.mjs"), repo.dir], { encoding: "utf8" });
    expect(result.status, result.stderr).toBe(1);
    expect(result.stdout).toContain("## ballast report");
    expect(result.stdout).toContain("| ⛔ `binary` | `embeddings.bin` | 3 MB | `npx ballast stow embeddings.bin` |");
    expect(result.stdout).toContain("`README.md` 6 B (text)");
    const outside = spawnSync(process.execPath, [path.join(examples, "api/report.mjs"), tempDir()], { encoding: "utf8" });
    expect(outside.status).toBe(2);
    expect(outside.stderr).toContain("fix:");
  });

  it("shared-config: two repositories extend the organisation's package, each adding its own keys", () => {
    const web = gitdir({ "ballast.config.mjs": 'export default { extends: ["@acme/ballast-config"] };\n', ".gitignore": "node_modules\n" });
    const bot = gitdir({
      "ballast.config.mjs": 'export default { extends: ["@acme/ballast-config"], forbidden: ["secrets/**"], limits: { block: "20 MB" } };\n',
      ".gitignore": "node_modules\n",
    });
    for (const repo of [web, bot]) {
      linkSharedConfig(repo.dir);
      // The organisation's forbidden list applies everywhere.
      repo.write({ ".env": "TOKEN=1\n" });
      repo.git(["add", ".env"]);
      const result = ballast(["check", "--json"], { cwd: repo.dir });
      expect(result.code, result.output).toBe(1);
      expect(JSON.parse(result.stdout).findings).toEqual([expect.objectContaining({ rule: "forbidden", path: ".env" })]);
      repo.git(["rm", "-q", "--cached", ".env"]);
    }
    // The organisation's docs override: a 3 MB screenshot is over its 2 MB.
    web.write({ "docs/shot.png": pseudoRandom(3_000_000) });
    web.git(["add", "docs/shot.png"]);
    expect(JSON.parse(ballast(["check", "--json"], { cwd: web.dir }).stdout).findings[0]).toMatchObject({ path: "docs/shot.png", severity: "error" });
    // The bot's own forbidden glob adds to the shared list.
    bot.write({ "secrets/a.txt": "x\n" });
    bot.git(["add", "secrets/a.txt"]);
    expect(JSON.parse(ballast(["check", "--json"], { cwd: bot.dir }).stdout).findings[0]).toMatchObject({ rule: "forbidden", path: "secrets/a.txt" });
    // doctor names the shared store and says whether it is reachable; with BALLAST_STORE a fork uses its own.
    const store = tempDir("ballast-store-");
    const doctor = ballast(["doctor", "--json"], { cwd: bot.dir, env: { BALLAST_STORE: `file://${store}` } });
    const checks = JSON.parse(doctor.stdout).checks as Array<{ id: string; status: string; detail: string }>;
    expect(checks.find((c) => c.id === "config")).toMatchObject({ status: "ok" });
    expect(checks.find((c) => c.id === "store")!.detail).toContain("BALLAST_STORE");
  });

  it("rasa-bot: fake-model.mjs writes a model of the size asked", () => {
    const dir = tempDir();
    const target = path.join(dir, "models/m.tar.gz");
    const result = spawnSync(process.execPath, [path.join(examples, "rasa-bot/scripts/fake-model.mjs"), "3MiB", target], { encoding: "utf8" });
    expect(result.status, result.stderr).toBe(0);
    expect(statSync(target).size).toBe(3 * 1024 * 1024);
    const bad = spawnSync(process.execPath, [path.join(examples, "rasa-bot/scripts/fake-model.mjs"), "lots"], { encoding: "utf8", cwd: dir });
    expect(bad.status).toBe(2);
  });
});
