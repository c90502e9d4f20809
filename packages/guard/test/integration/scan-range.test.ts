import { ballast } from "@ballast/test-utils";
import { describe, expect, it } from "vitest";
import { history } from "./range-fixture.js";

type Json = { findings: Array<{ rule: string; path: string; commit?: string }>; summary: { checked: number; blocked: boolean } };
const json = (stdout: string) => JSON.parse(stdout) as Json;

describe("ballast scan", () => {
  it("judges a range, catching a blob added then deleted, naming the commit", () => {
    const { repo, base, added } = history();
    const run = ballast(["scan", "--range", `${base}..feature`, "--json"], { cwd: repo.dir });
    expect(run.code).toBe(1);
    expect(json(run.stdout).findings).toEqual([expect.objectContaining({ rule: "binary", path: "data/blob.bin", commit: added })]);
  });

  it("defaults to HEAD's history, and --all takes every ref", () => {
    const { repo, secret } = history();
    expect(json(ballast(["scan", "--json"], { cwd: repo.dir }).stdout).findings.map((f) => f.path)).toEqual(["data/blob.bin"]);
    const all = json(ballast(["scan", "--all", "--json"], { cwd: repo.dir }).stdout);
    expect(all.findings.map((f) => f.path).sort()).toEqual([".env", "data/blob.bin"]);
    expect(all.findings.find((f) => f.path === ".env")!.commit).toBe(secret);
  });

  it("passes a clean range", () => {
    const { repo, base } = history();
    const run = ballast(["scan", "--range", `${base}..side~1`], { cwd: repo.dir });
    expect(run.code).toBe(0);
  });

  it("refuses a range the repository does not have, and --range with --all (exit 2 with the fix)", () => {
    const { repo } = history();
    const bad = ballast(["scan", "--range", "nope..HEAD"], { cwd: repo.dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("origin/main..HEAD");
    expect(ballast(["scan", "--range", "HEAD", "--all"], { cwd: repo.dir }).code).toBe(2);
    expect(ballast(["scan", "--range=--output=/tmp/x"], { cwd: repo.dir }).code).toBe(2);
  });
});
