import { BALLAST_BIN, tempDir } from "@ballast/test-utils";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// The benchmark's smoke run: tiny sizes, one round. It proves `pnpm bench` works end to
// end and writes a well-formed table; it never checks a time (times come only from a
// full `pnpm bench`, compared with git's floor measured in the same run).
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

describe("pnpm bench --smoke", () => {
  it("runs every scenario and writes the markdown and JSON tables", { timeout: 600_000 }, () => {
    const out = tempDir("ballast-bench-out-");
    const cache = tempDir("ballast-bench-cache-");
    const result = spawnSync(
      process.execPath,
      [path.join(root, "bench", "run.mjs"), "--smoke", "--quiet", "--bin", BALLAST_BIN, "--out", out, "--cache", cache],
      { cwd: root, encoding: "utf8", timeout: 590_000 },
    );
    expect(result.stderr).not.toMatch(/bench failed/);
    expect(result.status).toBe(0);

    const json = JSON.parse(readFileSync(path.join(out, "smoke.json"), "utf8"));
    expect(json).toMatchObject({ version: 1, mode: "smoke", machine: { cores: expect.any(Number), node: process.version } });
    expect(json.startup.node).toBeGreaterThan(0);
    expect(json.precommit.map((r: { staged: number }) => r.staged)).toEqual([3, 30]);
    for (const row of json.precommit) for (const key of ["ballast", "floor", "node"]) expect(row[key]).toBeGreaterThan(0);
    for (const section of ["prepush", "scan", "bigblob", "storage"]) {
      expect(json[section].available).toBe(true);
      expect(json[section].rows.length).toBeGreaterThan(0);
    }
    // pre-push with and without a big blob in the range, beside git-lfs and the hook init writes.
    const pushRows = json.prepush.rows as Array<{ bigBlob?: number; ballast: number; content: number; node: number; lfs?: number; hook?: number }>;
    expect(pushRows.some((r) => r.bigBlob)).toBe(true);
    expect(pushRows.some((r) => !r.bigBlob)).toBe(true);
    for (const row of pushRows) for (const key of ["ballast", "content", "node"] as const) expect(row[key]).toBeGreaterThan(0);
    if (json.machine.gitLfs) for (const row of pushRows) expect([row.lfs, row.hook]).toEqual([expect.any(Number), expect.any(Number)]);
    // Every judge path, with the blob and without, over and under the block size.
    const bigRows = json.bigblob.rows as Array<{ command: string; config: string; ballast: number; floor: number; rss?: number }>;
    expect(new Set(bigRows.map((r) => r.command))).toEqual(new Set(["pre-commit", "pre-push", "scan --all", "audit"]));
    expect(new Set(bigRows.map((r) => r.config))).toEqual(new Set(["over block", "under block"]));
    for (const row of bigRows) for (const key of ["ballast", "floor"] as const) expect(row[key]).toBeGreaterThan(0);
    expect(json.targets.length).toBeGreaterThan(0);
    // Every command is in this build, so every target has a verdict; only the RSS ones need
    // GNU time (/usr/bin/time) and are "n/a" without it.
    const gnuTime = existsSync("/usr/bin/time");
    for (const t of json.targets as Array<{ target: string; met?: boolean }>) {
      if (gnuTime || !/RSS/.test(t.target)) expect(typeof t.met, t.target).toBe("boolean");
    }

    const markdown = readFileSync(path.join(out, "smoke.md"), "utf8");
    expect(markdown).toBe(result.stdout);
    for (const heading of ["### Start-up", "### `ballast pre-commit`", "### `ballast pre-push`", "### `ballast scan --all`", "### Big blobs: every judge path", "### `ballast stow` / `ballast pull`", "### Targets"]) {
      expect(markdown).toContain(heading);
    }
    // Every table row has as many cells as its header.
    const lines = markdown.split("\n");
    for (let i = 0; i < lines.length; i++) {
      if (!lines[i]!.startsWith("| ---") && !lines[i]!.startsWith("| ---:")) continue;
      const cells = (line: string) => line.split("|").length;
      const width = cells(lines[i - 1]!);
      for (let j = i + 1; j < lines.length && lines[j]!.startsWith("|"); j++) expect(cells(lines[j]!)).toBe(width);
    }
  });
});
