import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { tempDir } from "@ballast/test-utils";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/load.js";

function project(files: Record<string, string>): string {
  const dir = tempDir();
  mkdirSync(path.join(dir, ".git"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe("loadConfig", () => {
  it("uses the recommended preset when there is no config", async () => {
    const result = await loadConfig({ cwd: project({}) });
    expect(result.problems).toEqual([]);
    expect(result.config!.limits).toEqual({ warn: 1_000_000, block: 10_000_000, binary: 1_000_000 });
  });

  it("reads .ballastrc.json and resolves a preset in extends", async () => {
    const dir = project({ ".ballastrc.json": JSON.stringify({ extends: "rasa", limits: { block: "20 MiB" } }) });
    const { config, problems } = await loadConfig({ cwd: dir });
    expect(problems).toEqual([]);
    expect(config!.redirect).toEqual({ files: ["models/**/*.tar.gz"], mode: "auto" });
    expect(config!.limits.block).toBe(20 * 1024 * 1024);
    expect(config!.limits.warn).toBe(1_000_000);
  });

  it("reads the ballast key of package.json, found from a subfolder", async () => {
    const dir = project({ "package.json": JSON.stringify({ name: "bot", ballast: { forbidden: [".env"] } }), "src/x.txt": "" });
    const { config, file } = await loadConfig({ cwd: path.join(dir, "src") });
    expect(file).toBe(path.join(dir, "package.json"));
    expect(config!.forbidden).toEqual([".env"]);
  });

  it("reads ballast.config.mjs", async () => {
    const dir = project({ "ballast.config.mjs": "export default { extends: ['ml'], rules: { binary: 'warn' } };" });
    const { config } = await loadConfig({ cwd: dir });
    expect(config!.rules.binary).toBe("warn");
    expect(config!.redirect.files).toContain("**/*.onnx");
  });

  it("reads ballast.config.ts through jiti", async () => {
    const dir = project({ "ballast.config.ts": "const limit: string = '3 MB';\nexport default { limits: { block: limit } };" });
    const { config, problems } = await loadConfig({ cwd: dir });
    expect(problems).toEqual([]);
    expect(config!.limits.block).toBe(3_000_000);
  });

  it("extends an organisation's config package, ESM-only, and merges lists", async () => {
    const dir = project({
      "node_modules/@acme/ballast-config/package.json": JSON.stringify({
        name: "@acme/ballast-config",
        type: "module",
        exports: { ".": { import: "./index.js" } },
      }),
      "node_modules/@acme/ballast-config/index.js": "export default { extends: ['github'], forbidden: ['**/*.pem'], allow: ['vendor/**'] };",
      "ballast.config.json": JSON.stringify({ extends: ["@acme/ballast-config"], forbidden: [".env"] }),
    });
    const { config, problems } = await loadConfig({ cwd: dir });
    expect(problems).toEqual([]);
    expect(config!.forbidden).toEqual(["**/*.pem", ".env"]);
    expect(config!.limits.block).toBe(100 * 1024 * 1024);
    expect(config!.allow).toContain("vendor/**");
  });

  it("names the file and key of every problem, across extends", async () => {
    const dir = project({
      "ballast.config.json": JSON.stringify({ extends: ["not-installed-pkg"], limits: { block: "lots" }, rulez: {} }),
    });
    const { problems, config } = await loadConfig({ cwd: dir });
    expect(config).toBeUndefined();
    expect(problems.map((p) => `${p.file}:${p.key}`).sort()).toEqual(
      ["ballast.config.json:limits.block", "ballast.config.json:rulez"].map((k) => k.replace("ballast.config.json", path.join(dir, "ballast.config.json").replace(process.cwd() + path.sep, ""))).sort(),
    );
  });

  it("reports a missing package in extends with the install command", async () => {
    const dir = project({ "ballast.config.json": JSON.stringify({ extends: "@acme/missing" }) });
    const { problems } = await loadConfig({ cwd: dir });
    expect(problems[0]!.message).toContain("npm install -D @acme/missing");
  });

  it("reports broken JSON as one problem, not a crash", async () => {
    const dir = project({ ".ballastrc.json": "{ limits: " });
    const { problems } = await loadConfig({ cwd: dir });
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/not valid JSON/);
  });
});
