import { ballast, gitdir, installHook, pseudoRandom, type GitDir } from "@ballast/test-utils";
import { describe, expect, it } from "vitest";

/**
 * Catalogue: index states. Each case builds a real repository in an unusual state and
 * says what `ballast pre-commit` must report. The rule is always the same: judge what the
 * commit would record (the index), skip what is not file content, never crash.
 */
const BIG = pseudoRandom(2_000_000, "index-states");
const SMALL = "small\n";

function hashObject(repo: GitDir, content: string | Buffer): string {
  return repo.git(["hash-object", "-w", "--stdin"], { input: content as string }).stdout.trim();
}

interface Case {
  name: string;
  setup: (repo: GitDir) => void;
  /** Expected exit code and findings as "rule:path". */
  code: 0 | 1;
  findings: string[];
}

const CASES: Case[] = [
  { name: "an empty file", setup: (r) => (r.write({ "empty.txt": "" }), r.git(["add", "empty.txt"])), code: 0, findings: [] },
  {
    name: "a symlink to a big file (the link is not content; the target is)",
    setup: (r) => (r.write({ "big.bin": BIG, "link.bin": { symlink: "big.bin" } }), r.git(["add", "-A"])),
    code: 1,
    findings: ["binary:big.bin"],
  },
  {
    name: "a symlink pointing outside the repository",
    setup: (r) => (r.write({ "passwd": { symlink: "/etc/passwd" }, "up": { symlink: "../../.." } }), r.git(["add", "-A"])),
    code: 0,
    findings: [],
  },
  {
    name: "a submodule (gitlink) entry",
    setup: (r) => r.git(["update-index", "--add", "--cacheinfo", `160000,${"a".repeat(40)},vendor/lib`]),
    code: 0,
    findings: [],
  },
  {
    name: "deleting a big file committed earlier",
    setup: (r) => {
      r.commit("big", { "old.bin": BIG });
      r.git(["rm", "-q", "old.bin"]);
    },
    code: 0,
    findings: [],
  },
  {
    name: "untracking a big file (git rm --cached), the file stays on disk",
    setup: (r) => {
      r.commit("big", { "old.bin": BIG });
      r.git(["rm", "-q", "--cached", "old.bin"]);
    },
    code: 0,
    findings: [],
  },
  {
    // SPEC: moving a committed file adds no weight; size and binary judge only new blobs.
    name: "renaming a big file committed earlier (the blob is recorded under a new path): no weight added",
    setup: (r) => {
      r.commit("big", { "old.bin": BIG });
      r.git(["mv", "old.bin", "new.bin"]);
    },
    code: 0,
    findings: [],
  },
  {
    name: "partial staging: small version staged, big version in the working tree",
    setup: (r) => {
      r.write({ "data.bin": BIG });
      r.git(["update-index", "--add", "--cacheinfo", `100644,${hashObject(r, SMALL)},data.bin`]);
    },
    code: 0,
    findings: [],
  },
  {
    name: "partial staging: big version staged, small version in the working tree",
    setup: (r) => {
      r.write({ "data.bin": BIG });
      r.git(["add", "data.bin"]);
      r.write({ "data.bin": SMALL });
    },
    code: 1,
    findings: ["binary:data.bin"],
  },
  {
    name: "git add -N (intent to add) of a big file: nothing is recorded yet",
    setup: (r) => (r.write({ "later.bin": BIG }), r.git(["add", "-N", "later.bin"])),
    code: 0,
    findings: [],
  },
  {
    name: "UTF-16 LE text with a BOM is text (only a size warning)",
    setup: (r) => {
      r.write({ "strings.txt": Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("hello\n".repeat(100_000), "utf16le")]) });
      r.git(["add", "-A"]);
    },
    code: 0,
    findings: ["size:strings.txt"],
  },
  {
    name: "UTF-16 BE text with a BOM is text",
    setup: (r) => {
      const le = Buffer.from("hello\n".repeat(100_000), "utf16le");
      r.write({ "strings.txt": Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(le).swap16()]) });
      r.git(["add", "-A"]);
    },
    code: 0,
    findings: ["size:strings.txt"],
  },
  {
    name: "UTF-16 without a BOM is binary by git's own test",
    setup: (r) => (r.write({ "raw16.txt": Buffer.from("hello\n".repeat(100_000), "utf16le") }), r.git(["add", "-A"])),
    code: 1,
    findings: ["binary:raw16.txt"],
  },
  {
    name: "an executable big binary (mode 100755)",
    setup: (r) => {
      r.write({ "tool.bin": BIG });
      r.git(["add", "--chmod=+x", "tool.bin"]);
    },
    code: 1,
    findings: ["binary:tool.bin"],
  },
  {
    name: "a big file replaced by a symlink (type change)",
    setup: (r) => {
      r.commit("big", { "swap.bin": BIG });
      r.git(["rm", "-q", "--cached", "swap.bin"]);
      r.git(["update-index", "--add", "--cacheinfo", `120000,${hashObject(r, "target")},swap.bin`]);
    },
    code: 0,
    findings: [],
  },
  {
    name: "a skip-worktree entry whose working file differs",
    setup: (r) => {
      r.commit("small", { "cfg.txt": SMALL });
      r.git(["update-index", "--skip-worktree", "cfg.txt"]);
      r.write({ "cfg.txt": BIG });
    },
    code: 0,
    findings: [],
  },
  {
    name: "3000 staged files at once",
    setup: (r) => {
      r.write(Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`many/${i % 30}/f${i}.txt`, `${i}\n`])));
      r.git(["add", "-A"]);
    },
    code: 0,
    findings: [],
  },
  {
    name: "an unresolved conflict (stages 1-3 in the index)",
    setup: (r) => {
      r.commit("base", { "c.txt": "base\n" });
      r.git(["checkout", "-q", "-b", "other"]);
      r.commit("other", { "c.txt": "other\n" });
      r.git(["checkout", "-q", "main"]);
      r.commit("mine", { "c.txt": "mine\n" });
      r.git(["merge", "other"], { allowFail: true });
    },
    code: 0,
    findings: [],
  },
];

interface Json {
  findings: Array<{ rule: string; path: string }>;
}

describe("index states catalogue", () => {
  it.each(CASES.map((c) => [c.name, c] as const))("%s", (_, c) => {
    const repo = gitdir({ "README.md": "# bot\n" });
    c.setup(repo);
    const run = ballast(["pre-commit", "--json"], { cwd: repo.dir });
    expect(run.stderr).not.toContain("internal error");
    expect(run.code, run.output).toBe(c.code);
    const report = JSON.parse(run.stdout) as Json;
    expect(report.findings.map((f) => `${f.rule}:${f.path}`).sort()).toEqual([...c.findings].sort());
  });

  it("a commit attempt during an unresolved conflict is stopped by git, and the hook never reports success for it", () => {
    const repo = gitdir({ "c.txt": "base\n" });
    repo.git(["checkout", "-q", "-b", "other"]);
    repo.commit("other", { "c.txt": "other\n" });
    repo.git(["checkout", "-q", "main"]);
    repo.commit("mine", { "c.txt": "mine\n" });
    repo.git(["merge", "other"], { allowFail: true });
    installHook(repo.dir, "pre-commit");
    const before = repo.git(["rev-parse", "HEAD"]).stdout;
    const commit = repo.git(["commit", "-m", "during conflict"], { allowFail: true });
    expect(commit.status).not.toBe(0);
    expect(repo.git(["rev-parse", "HEAD"]).stdout).toBe(before);
    // Resolving with a big binary is judged like any staged blob.
    repo.write({ "c.txt": BIG });
    repo.git(["add", "c.txt"]);
    const resolved = repo.git(["commit", "--no-edit"], { allowFail: true });
    expect(resolved.status).toBe(1);
    expect(resolved.stdout + resolved.stderr).toContain("c.txt");
  });

  it("git commit -a with a deletion, a modification and a new untracked big file records only what -a takes", () => {
    const repo = gitdir({ "a.txt": "a\n", "b.txt": "b\n" });
    installHook(repo.dir, "pre-commit");
    repo.write({ "b.txt": "changed\n", "untracked.bin": BIG });
    repo.git(["rm", "-q", "a.txt"]);
    const result = repo.git(["commit", "-a", "-m", "mixed"], { allowFail: true });
    expect(result.status, result.stderr).toBe(0);
  });
});

describe("index states: references under a redirect glob", () => {
  it("a staged reference that matches the redirect glob (models/**) is committed as it is, never stowed again", () => {
    const repo = gitdir({ "README.md": "x\n", "ballast.config.json": JSON.stringify({ store: "file://../store", redirect: { files: ["models/**"], mode: "auto" } }) });
    repo.write({ "models/m.bin": BIG });
    expect(ballast(["stow", "models/m.bin"], { cwd: repo.dir }).code).toBe(0);
    installHook(repo.dir, "pre-commit");
    const commit = repo.git(["commit", "-m", "model"], { allowFail: true });
    expect(commit.status, commit.stderr).toBe(0);
    const tree = repo.git(["ls-tree", "-r", "--name-only", "HEAD"]).stdout.trim().split("\n");
    expect(tree).toContain("models/m.bin.ballast");
    expect(tree.filter((p) => p.endsWith(".ballast.ballast"))).toEqual([]);
  });
});
