import { renameSync, rmSync } from "node:fs";
import path from "node:path";
import { ballast, gitdir, type GitDir } from "@ballast/test-utils";
import { describe, expect, it } from "vitest";

// The walk (range/walk.ts) reads `git log --raw -z` in the chunks the pipe delivers and
// cuts each field out of them. git is the oracle for which paths each commit brings: with
// every path forbidden, the findings of scan --all, scan --range and receive must name
// exactly the paths `git log --name-only -z` names, whatever bytes the names hold and
// wherever a chunk ends (the output here is ~4 times a 64 kB pipe chunk). pre-commit's
// staged list is held to `git diff --cached --name-only -z` the same way.

const SHAPES = [
  (i: number) => `dir ${i}/file with spaces ${i}.txt`,
  (i: number) => `quotes/"double" and 'single' ${i}.txt`,
  (i: number) => `lines/new\nline ${i}`,
  (i: number) => `tabs/tab\there ${i}`,
  (i: number) => `ñandú/modèle ${i} ✓.bin`,
  (i: number) => `日本語/${"長".repeat(20 + (i % 7))}${i}.txt`,
  (i: number) => `back\\slash ${i}`,
  (i: number) => `-leading-dash ${i}`,
  (i: number) => `deep/${"a/".repeat(i % 9)}${"x".repeat(40 + (i % 13))}${i}`,
  (i: number) => `emoji/🚀 ${i} 👩‍💻.md`,
];

function weirdHistory(): { repo: GitDir; base: string } {
  const repo = gitdir({ "ballast.config.json": JSON.stringify({ forbidden: ["**"], rules: { binary: "off", size: "off" } }) });
  const base = repo.git(["rev-parse", "HEAD"]).stdout.trim();
  for (let c = 0; c < 6; c++) {
    const tree: Record<string, string> = {};
    for (let i = c * 300; i < (c + 1) * 300; i++) tree[SHAPES[i % SHAPES.length]!(i)] = `content ${i}\n`;
    repo.commit(`batch ${c}`, tree);
  }
  // Moves (a deletion and an addition each, renames off) and deletions.
  for (let i = 0; i < 40; i++) {
    const from = SHAPES[i % SHAPES.length]!(i);
    if (i % 2 === 0) renameSync(path.join(repo.dir, from), path.join(repo.dir, `moved ${i} ${path.basename(from)}`));
    else rmSync(path.join(repo.dir, from));
  }
  repo.commit("moves and deletions");
  return { repo, base };
}

/** Every path a commit in `range` brings (added, modified or typed anew), as git names them. */
function gitPaths(repo: GitDir, range: string[]): string[] {
  const out = repo.git(["log", ...range, "--root", "--no-renames", "--diff-filter=AMT", "--name-only", "-z", "--format="]).stdout;
  return [...new Set(out.split("\0").map((p) => p.replace(/^\n/, "")).filter(Boolean))].sort();
}

function forbiddenPaths(stdout: string): string[] {
  const json = JSON.parse(stdout) as { findings: Array<{ rule: string; path: string }> };
  return [...new Set(json.findings.filter((f) => f.rule === "forbidden").map((f) => f.path))].sort();
}

describe("the walk names every path as git does (odd names, chunk boundaries anywhere)", () => {
  it("scan --all, scan --range and receive report exactly git's paths", () => {
    const { repo, base } = weirdHistory();
    const all = gitPaths(repo, ["--all"]);
    expect(all.length).toBeGreaterThan(1_800);
    expect(all.some((p) => p.includes("\n"))).toBe(true);
    const walked = repo.git(["log", "--all", "--raw", "-z", "--no-abbrev", "--no-renames", "--format=%H %P"]).stdout;
    expect(Buffer.byteLength(walked)).toBeGreaterThan(3 * 65_536);

    const scanned = ballast(["scan", "--all", "--json"], { cwd: repo.dir });
    expect(scanned.code, scanned.stderr).toBe(1);
    expect(forbiddenPaths(scanned.stdout)).toEqual(all);

    const range = ballast(["scan", "--range", `${base}..HEAD`, "--json"], { cwd: repo.dir });
    expect(forbiddenPaths(range.stdout)).toEqual(gitPaths(repo, [`${base}..HEAD`]));

    // A server that has only the first commit, the rest arriving in one push.
    const server = gitdir({}, { bare: true });
    repo.git(["push", "-q", server.dir, "HEAD:refs/heads/main"]);
    server.git(["update-ref", "refs/heads/main", base]);
    const head = repo.git(["rev-parse", "HEAD"]).stdout.trim();
    const config = path.join(repo.dir, "ballast.config.json");
    const received = ballast(["receive", "--format", "json", "--config", config], { cwd: server.dir, env: { GIT_DIR: "." }, input: `${base} ${head} refs/heads/main\n` });
    expect(received.code, received.stderr).toBe(1);
    expect(forbiddenPaths(received.stdout)).toEqual(gitPaths(repo, [`${base}..HEAD`]));
  });

  it("pre-commit reports exactly the staged paths git names", () => {
    const repo = gitdir({ "ballast.config.json": JSON.stringify({ forbidden: ["**"], rules: { binary: "off", size: "off" } }) });
    const tree: Record<string, string> = {};
    for (let i = 0; i < 400; i++) tree[SHAPES[i % SHAPES.length]!(i)] = `content ${i}\n`;
    repo.write(tree);
    repo.git(["add", "-A"]);
    const staged = [...new Set(repo.git(["diff", "--cached", "--name-only", "-z", "--diff-filter=AMT"]).stdout.split("\0").filter(Boolean))].sort();
    expect(staged.length).toBe(400);
    const run = ballast(["pre-commit", "--json"], { cwd: repo.dir });
    expect(run.code, run.stderr).toBe(1);
    expect(forbiddenPaths(run.stdout)).toEqual(staged);
  });
});
