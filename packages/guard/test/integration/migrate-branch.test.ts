import { ballast, pseudoRandom, tempDir, type GitDir } from "@ballast/test-utils";
import { describe, expect, it } from "vitest";
import { push, pushSetup } from "../e2e/prepush-fixture.js";

/**
 * `ballast migrate` with no arguments clears what pre-push blocks in commits already made
 * (size, binary, redirect): for each, a commit made with --no-verify, the push refused,
 * migrate, the push passes through the real hook, and nothing else changed.
 */
function setup(config: Record<string, unknown> = {}): { repo: GitDir; remote: GitDir } {
  const store = tempDir("ballast-store-");
  return pushSetup({ ".ballastrc.json": JSON.stringify({ extends: ["recommended"], store: `file://${store}`, ...config }) });
}
const ids = (repo: GitDir) => repo.git(["rev-list", "--reverse", "HEAD"]).stdout.trim().split("\n");
const tree = (repo: GitDir, rev = "HEAD") => repo.git(["ls-tree", "-r", "--name-only", rev]).stdout.trim().split("\n");

const CASES: Array<{ rule: string; file: string; content: Buffer | string; config?: Record<string, unknown> }> = [
  { rule: "size", file: "data/export.bin", content: pseudoRandom(10_500_000, "size") },
  { rule: "size", file: "data/dump.sql", content: "INSERT INTO t VALUES (1);\n".repeat(420_000) },
  { rule: "binary", file: "assets/voice.wav", content: pseudoRandom(2_000_000, "binary") },
  { rule: "redirect", file: "models/intent.onnx", content: pseudoRandom(50_000, "redirect"), config: { redirect: { files: ["**/*.onnx"], mode: "auto" } } },
];

describe("ballast migrate, no arguments: what pre-push blocks in earlier commits", () => {
  it.each(CASES)("$rule ($file): push refused, migrate, push passes", ({ rule, file, content, config }) => {
    const { repo } = setup(config);
    repo.commit("clean, unpushed");
    repo.commit("heavy", { [file]: content });
    repo.commit("after", { "notes.txt": "more\n" });
    const before = ids(repo);
    const refused = push(repo, ["origin", "main"]);
    expect(refused.status).not.toBe(0);
    expect(refused.output).toContain(rule);
    expect(refused.output).toContain(file);

    const migrated = ballast(["migrate"], { cwd: repo.dir });
    expect(migrated.code, migrated.output).toBe(0);
    const after = ids(repo);
    // The commits before the heavy one keep their ids; the heavy one and its children change.
    expect(after.slice(0, 2)).toEqual(before.slice(0, 2));
    expect(after.slice(2)).not.toContain(before[2]);
    expect(after).toHaveLength(before.length);
    expect(tree(repo)).toContain(`${file}.ballast`);
    expect(tree(repo)).not.toContain(file);
    expect(repo.git(["status", "--porcelain"]).stdout).toBe("");

    const pushed = push(repo, ["origin", "main"]);
    expect(pushed.status, pushed.output).toBe(0);
    expect(ballast(["migrate"], { cwd: repo.dir }).stdout).toContain("nothing to migrate: every commit on this branch is already on a remote");
  });

  it("keeps merges, authors, dates and messages; an unrelated side branch is untouched", () => {
    const { repo } = setup();
    repo.git(["checkout", "-q", "-b", "side"]);
    repo.commit("side work", { "side.txt": "s\n" });
    repo.git(["checkout", "-q", "main"]);
    repo.git(["commit", "-q", "--no-verify", "--allow-empty", "-m", "heavy"], {});
    repo.write({ "big.bin": pseudoRandom(2_000_000, "merge") });
    repo.git(["add", "-A"]);
    repo.git(["commit", "-q", "--no-verify", "-m", "binary\n\nwith a body"], { env: { GIT_AUTHOR_NAME: "Zoë", GIT_AUTHOR_DATE: "2025-06-07T08:09:10+02:00" } });
    repo.git(["merge", "-q", "--no-ff", "-m", "merge side", "side"]);
    const log = () => repo.git(["log", "--format=%P|%an|%ae|%ad|%cn|%cd|%B", "--date=raw", "--topo-order"]).stdout.replace(/^[0-9a-f ]+\|/gm, (p) => `${p.split(" ").length}|`);
    const sideBefore = repo.git(["rev-parse", "side"]).stdout;
    const before = log();
    expect(ballast(["migrate"], { cwd: repo.dir }).code).toBe(0);
    expect(log()).toBe(before);
    expect(repo.git(["rev-parse", "side"]).stdout).toBe(sideBefore);
    expect(repo.git(["rev-parse", "HEAD^2"]).stdout).toBe(sideBefore);
    expect(push(repo, ["origin", "main"]).status).toBe(0);
  });

  it("after the stow the issue tried first: the stow commit becomes empty and is kept, and the push passes", () => {
    const { repo } = setup();
    const model = pseudoRandom(10_500_000, "stowed-too");
    repo.commit("model", { "models/nlu.tar.gz": model });
    repo.commit("more", { "a.txt": "x\n" });
    expect(ballast(["stow", "models/nlu.tar.gz"], { cwd: repo.dir }).code).toBe(0);
    repo.git(["commit", "-q", "--no-verify", "-m", "stow"]);
    expect(push(repo, ["origin", "main"]).status).not.toBe(0); // the blob is still in "model"
    expect(ballast(["migrate"], { cwd: repo.dir }).code).toBe(0);
    expect(repo.git(["log", "--format=%s", "-3"]).stdout).toBe("stow\nmore\nmodel\n");
    // The reference and .gitignore line migrate wrote are the ones stow wrote: nothing left to change.
    expect(repo.git(["diff", "--stat", "HEAD~1", "HEAD"]).stdout).toBe("");
    expect(push(repo, ["origin", "main"]).status).toBe(0);
  });

  it("--dry-run lists the commits and files and the bytes saved, and changes nothing", () => {
    const { repo } = setup();
    repo.commit("model", { "m.bin": pseudoRandom(2_000_000, "dry") });
    repo.commit("more", { "a.txt": "a\n" });
    const snapshot = () => [repo.git(["for-each-ref"]).stdout, repo.git(["ls-files", "-s"]).stdout, repo.git(["count-objects", "-v"]).stdout, repo.git(["status", "--porcelain", "--ignored"]).stdout];
    const before = snapshot();
    const dry = ballast(["migrate", "--dry-run"], { cwd: repo.dir });
    expect(dry.code, dry.output).toBe(0);
    expect(dry.stdout).toContain("m.bin 2 MB → m.bin.ballast");
    expect(dry.stdout).toMatch(/[0-9a-f]{12} → \(new\) {2}model \(m\.bin\)/);
    expect(dry.stdout).toContain("would rewrite 2 commits: 1 file (2 MB) would become references");
    expect(dry.stdout).toContain("dry run: nothing was changed");
    const json = JSON.parse(ballast(["migrate", "--dry-run", "--json"], { cwd: repo.dir }).stdout);
    expect(json).toMatchObject({ version: 1, command: "migrate", findings: [], dryRun: true, summary: { commits: 2, files: 1, bytes: 2_000_000 } });
    expect(json.commits.map((c: { subject: string; files: string[] }) => [c.subject, c.files])).toEqual([["model", ["m.bin"]], ["more", []]]);
    expect(snapshot()).toEqual(before);
  });
});
