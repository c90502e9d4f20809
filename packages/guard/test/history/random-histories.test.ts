import { writeFileSync } from "node:fs";
import path from "node:path";
import { ballast, gitdir, hasGitLfs, tempDir } from "@ballast/test-utils";
import { describe, expect, it } from "vitest";
import { parsePointer, POINTER_MAX_SIZE } from "../../src/lfs/pointer.js";
import { oracle } from "./oracle.js";
import { RANDOM_ALLOW, RANDOM_CONFIG, RANDOM_LIMITS, randomHistory } from "./random-history.js";

// One judge, four doors, and git as the oracle. On seeded random histories (branches,
// merges, moves and copies, .gitattributes that change at several depths, contents at the
// edges of the pointer and size rules, odd names) the findings of scan --all must be what
// plain git and git-lfs say (oracle.ts), and scan --range, pre-push and receive must
// report the very same findings for the same push, each of them what the oracle says for
// that range. A failing seed reproduces with `randomHistory(seed, { variant })`.

type Finding = { rule: string; severity: string; path: string; commit?: string; object?: string };
type Json = { findings: Finding[] };

// More seeds, to hunt: BALLAST_RANDOM_SEEDS=11-200 (the first generator) or
// BALLAST_RANDOM_SEEDS_V2=9-200 (with more names, patterns and file modes: random-history.ts)
// npx vitest run packages/guard/test/history/random-histories.test.ts
const CASES = [
  ...seeds(process.env.BALLAST_RANDOM_SEEDS ?? "1-10,59,75").map((seed) => ({ seed, variant: 1 as const })),
  ...seeds(process.env.BALLAST_RANDOM_SEEDS_V2 ?? "1-8").map((seed) => ({ seed, variant: 2 as const })),
];

const STAGED_CASES = [
  ...seeds(process.env.BALLAST_RANDOM_STAGED ?? "1-3").map((seed) => ({ seed, variant: 1 as const })),
  ...seeds(process.env.BALLAST_RANDOM_STAGED_V2 ?? "1-2").map((seed) => ({ seed, variant: 2 as const })),
];

function seeds(spec: string): number[] {
  return spec.split(",").filter(Boolean).flatMap((part) => {
    const [from, to = from] = part.split("-").map(Number);
    return Array.from({ length: to! - from! + 1 }, (_, i) => from! + i);
  });
}
// Rules only one door has: the local LFS store (pre-push) is not a verdict on the history.
const DOOR_ONLY = new Set(["lfs-missing-object", "unresolved-reference"]);

function findings(run: { code: number; stdout: string; stderr: string }): Finding[] {
  expect(run.code, run.stderr).toBeLessThan(2);
  return (JSON.parse(run.stdout) as Json).findings;
}

/** The verdicts on the history: no door-only rule, nor a warning one of them silenced (one error says enough about a blob at a path). */
function onHistory(list: Finding[], doorOnly: Finding[] = list): Finding[] {
  const silenced = new Set(doorOnly.filter((f) => DOOR_ONLY.has(f.rule) && f.severity === "error").map((f) => `${f.path}\0${f.object}`));
  return list.filter((f) => !DOOR_ONLY.has(f.rule) && !(f.severity === "warning" && silenced.has(`${f.path}\0${f.object}`)));
}

const full = (list: Finding[]) => list.map((f) => `${f.rule} ${f.severity} ${f.commit} ${JSON.stringify(f.path)}`).sort();
const lines = (list: Finding[]) => list.map((f) => `${f.rule} ${f.path} ${f.commit}`).sort();

/** ballast's own finer verdict (lfs/pointer.ts) from the bytes git-lfs reads; git-lfs checks it (oracle contradictions). */
function almost(bytes: Buffer, size: number): "error" | "warning" | undefined {
  const parsed = parsePointer(bytes.subarray(0, Math.min(size, POINTER_MAX_SIZE)), size);
  if (parsed.kind === "malformed") return "error";
  return parsed.kind === "pointer" && parsed.noncanonical ? "warning" : undefined;
}

describe.skipIf(!hasGitLfs())("random histories: scan, pre-push, receive and pre-commit agree with each other and with git (needs git-lfs)", () => {
  it.each(CASES)("seed $seed (generator $variant)", ({ seed, variant }) => {
    const { repo, base, head } = randomHistory(seed, { variant });
    const configDir = tempDir("random-config-");
    const config = path.join(configDir, "ballast.config.json");
    writeFileSync(config, JSON.stringify(RANDOM_CONFIG));
    const options = { allow: [RANDOM_ALLOW], warn: RANDOM_LIMITS.warn, block: RANDOM_LIMITS.block, almost };

    // The whole history.
    const everything = oracle(repo, options);
    const all = findings(ballast(["scan", "--all", "--json", "--config", config], { cwd: repo.dir }));
    expect(lines(onHistory(all))).toEqual(everything.findings);
    expect(everything.contradictions).toEqual([]);

    // The push: main from base to head, as each door sees it.
    const pushed = repo.git(["rev-list", "--topo-order", "--reverse", `${base}..${head}`]).stdout.split("\n").filter(Boolean);
    expect(pushed.length).toBeGreaterThan(3);
    const history = oracle(repo, { ...options, revs: [head], judged: pushed, range: [`${base}..${head}`] });
    const expected = history.findings;

    const range = findings(ballast(["scan", "--range", `${base}..${head}`, "--json", "--config", config], { cwd: repo.dir }));
    expect(lines(onHistory(range))).toEqual(expected);

    const server = gitdir({}, { bare: true });
    repo.git(["push", "-q", server.dir, `${head}:refs/heads/main`]);
    server.git(["update-ref", "refs/heads/main", base]);
    repo.git(["remote", "add", "origin", server.dir]);
    repo.git(["update-ref", "refs/remotes/origin/main", base]);

    const update = `refs/heads/main ${head} refs/heads/main ${base}\n`;
    const prePush = findings(ballast(["pre-push", "origin", server.dir, "--format", "json", "--config", config], { cwd: repo.dir, input: update }));
    expect(full(onHistory(prePush))).toEqual(full(onHistory(range, prePush)));

    const received = findings(ballast(["receive", "--format", "json", "--config", config], { cwd: server.dir, env: { GIT_DIR: "." }, input: `${base} ${head} refs/heads/main\n` }));
    expect(full(onHistory(received))).toEqual(full(onHistory(range)));
  });

  // A tag of a tree (files in no commit: range/detached.ts) must be judged as the root
  // commit of that tree is: the same files, the same .gitattributes, all of it new.
  it.each(STAGED_CASES)("a tag of each of ten trees, seed $seed (generator $variant)", ({ seed, variant }) => {
    const { repo } = randomHistory(seed, { variant, size: 14 });
    const configDir = tempDir("random-config-");
    const config = path.join(configDir, "ballast.config.json");
    writeFileSync(config, JSON.stringify(RANDOM_CONFIG));
    const commits = repo.git(["rev-list", "--all"]).stdout.split("\n").filter(Boolean);
    const picked = commits.filter((_, i) => i % Math.max(1, Math.floor(commits.length / 10)) === 0).slice(0, 10);
    const roots = picked.map((commit, i) => {
      const tree = repo.git(["rev-parse", `${commit}^{tree}`]).stdout.trim();
      repo.git(["tag", `tree-${i}`, tree]);
      // The same tree as a root commit no ref names (scan --all does not walk it).
      return repo.git(["commit-tree", "-m", "root", tree]).stdout.trim();
    });
    const all = findings(ballast(["scan", "--all", "--json", "--config", config], { cwd: repo.dir }));
    const words = (list: Finding[]) => list.map((f) => `${f.rule} ${f.severity} ${JSON.stringify(f.path)}`).sort();
    let compared = 0;
    roots.forEach((root, i) => {
      const prefix = `refs/tags/tree-${i}:`;
      const tagged = all.filter((f) => f.path.startsWith(prefix)).map((f) => ({ ...f, path: f.path.slice(prefix.length) }));
      const rooted = findings(ballast(["scan", "--range", root, "--json", "--config", config], { cwd: repo.dir }));
      expect({ tree: i, findings: words(tagged) }).toEqual({ tree: i, findings: words(rooted) });
      compared += rooted.length;
    });
    // The trees of a random history hold findings: a comparison of nothing proves nothing.
    expect(compared).toBeGreaterThan(0);
  });

  // The index door: each commit of a history staged on top of its parent, as a pre-commit
  // sees it, must be judged as scan --range judges that one commit.
  it.each(STAGED_CASES)("pre-commit of each commit, seed $seed (generator $variant)", ({ seed, variant }) => {
    const { repo } = randomHistory(seed, { variant, size: 14 });
    const configDir = tempDir("random-config-");
    const config = path.join(configDir, "ballast.config.json");
    writeFileSync(config, JSON.stringify(RANDOM_CONFIG));
    const singles = repo
      .git(["rev-list", "--all", "--no-merges", "--parents"])
      .stdout.split("\n")
      .filter((line) => line.split(" ").length === 2);
    // Some seeds make short histories; none may make an empty test.
    expect(singles.length).toBeGreaterThanOrEqual(3);
    for (const line of singles) {
      const [commit, parent] = line.split(" ") as [string, string];
      const range = findings(ballast(["scan", "--range", `${parent}..${commit}`, "--json", "--config", config], { cwd: repo.dir }));
      // HEAD at the parent, the commit's tree staged (the working tree is not read).
      repo.git(["update-ref", "--no-deref", "HEAD", parent]);
      repo.git(["read-tree", commit]);
      const staged = findings(ballast(["pre-commit", "--json", "--config", config], { cwd: repo.dir }));
      const words = (list: Finding[]) => list.map((f) => `${f.rule} ${f.severity} ${JSON.stringify(f.path)}`).sort();
      expect({ commit, findings: words(staged) }).toEqual({ commit, findings: words(range) });
    }
  });
});
