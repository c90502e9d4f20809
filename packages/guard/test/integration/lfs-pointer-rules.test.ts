import { spawnSync } from "node:child_process";
import { ballast, gitdir, hasGitLfs, pseudoRandom } from "@ballast/test-utils";
import { describe, expect, it } from "vitest";

/**
 * The LFS rules judge pointers the way git-lfs decodes them (issue 11): what git-lfs reads
 * is pointer text everywhere, what it does not read is never taken for a pointer at an
 * LFS path, and the canonical form is only a warning.
 */
const OID = "4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393";
const POINTER = `version https://git-lfs.github.com/spec/v1\noid sha256:${OID}\nsize 12345\n`;
const LFS = "*.bin filter=lfs diff=lfs merge=lfs -text\n";

interface Finding {
  rule: string;
  severity: string;
  path: string;
  message: string;
  fix?: string;
}

function check(tree: Record<string, string>, command = ["check", "--json"]) {
  const repo = gitdir({ "README.md": "# bot\n" });
  repo.write(tree);
  repo.git(["add", "-A"]);
  const run = ballast(command, { cwd: repo.dir });
  const findings = (JSON.parse(run.stdout) as { findings: Finding[] }).findings;
  return { run, repo, findings, rules: findings.map((f) => `${f.severity}:${f.rule}:${f.path}`) };
}

describe("pointer text git-lfs decodes is a pointer at any path", () => {
  it.each([
    ["CRLF line ends (an autocrlf checkout)", POINTER.replace(/\n/g, "\r\n")],
    ["no final newline", POINTER.slice(0, -1)],
    ["a leading blank line", `\n${POINTER}`],
    ["size +5", POINTER.replace("12345", "+5")],
  ])("a Dockerfile with %s is lfs-pointer-untracked", (_, text) => {
    const { run, findings } = check({ Dockerfile: text });
    expect(run.code).toBe(1);
    expect(findings.map((f) => `${f.severity}:${f.rule}`)).toEqual(["error:lfs-pointer-untracked"]);
    expect(findings[0]!.message).not.toMatch(/cannot use it/);
  });

  it("scan --all finds a CRLF pointer committed as a Dockerfile", () => {
    const repo = gitdir({ "README.md": "x\n", Dockerfile: POINTER.replace(/\n/g, "\r\n") });
    const run = ballast(["scan", "--all", "--json"], { cwd: repo.dir });
    expect(run.code).toBe(1);
    expect((JSON.parse(run.stdout) as { findings: Finding[] }).findings.map((f) => `${f.rule}:${f.path}`)).toEqual(["lfs-pointer-untracked:Dockerfile"]);
  });
});

describe("at an LFS path: git-lfs's decoder decides, the canonical form warns", () => {
  it("a pointer git-lfs reads but did not write is a warning (exit 0) that says how", () => {
    const { run, findings } = check({ ".gitattributes": LFS, "crlf.bin": POINTER.replace(/\n/g, "\r\n"), "plus.bin": POINTER.replace("12345", "+12345") });
    expect(run.code).toBe(0);
    expect(findings.map((f) => `${f.severity}:${f.rule}:${f.path}`)).toEqual(["warning:lfs-malformed:crlf.bin", "warning:lfs-malformed:plus.bin"]);
    expect(findings[0]!.message).toMatch(/git-lfs reads, but it has CRLF line ends.*git lfs fsck --pointers/);
    expect(findings[1]!.message).toMatch(/writes its size as "\+12345"/);
  });

  it.each([
    ["a line after size", `${POINTER}this is the model\n`],
    ["an unknown key", POINTER.replace("size ", "wat wat\nsize ")],
    ["ext-10-foo", POINTER.replace("oid ", `ext-10-foo sha256:${"f".repeat(64)}\noid `)],
    ["an extension value that is not sha256", POINTER.replace("oid ", "ext-0-foo sha1:abc\noid ")],
    ["duplicate extension priorities", POINTER.replace("oid ", `ext-0-a sha256:${OID}\next-0-b sha256:${OID}\noid `)],
  ])("text git-lfs does not decode (%s) is an lfs-malformed error", (_, text) => {
    const { run, rules, findings } = check({ ".gitattributes": LFS, "m.bin": text });
    expect(run.code).toBe(1);
    expect(rules).toEqual(["error:lfs-malformed:m.bin"]);
    expect(findings[0]!.message).toMatch(/so git-lfs does not take it for one/);
  });

  it("a canonical pointer and an empty file pass", () => {
    expect(check({ ".gitattributes": LFS, "a.bin": POINTER, "empty.bin": "" }).rules).toEqual([]);
  });

  it.skipIf(!hasGitLfs())("the warning's fix, run as printed, leaves the canonical pointer git-lfs writes (needs git-lfs)", () => {
    const repo = gitdir({ "README.md": "x\n" });
    repo.git(["lfs", "install", "--local"]);
    repo.write({ ".gitattributes": LFS, "model.bin": pseudoRandom(3000) });
    repo.commit("a model through git-lfs");
    const canonical = repo.git(["cat-file", "blob", "HEAD:model.bin"]).stdout;
    // What a checkout without git-lfs under core.autocrlf=true leaves behind, then staged.
    repo.write({ "model.bin": canonical.replace(/\n/g, "\r\n") });
    repo.git(["add", "model.bin"]);
    const before = ballast(["check", "--json"], { cwd: repo.dir });
    const [finding] = (JSON.parse(before.stdout) as { findings: Finding[] }).findings;
    expect(finding).toMatchObject({ rule: "lfs-malformed", severity: "warning", fix: "git lfs pull --include=/model.bin && git add --renormalize -- model.bin" });
    const fixed = spawnSync("sh", ["-c", finding!.fix!], { cwd: repo.dir, encoding: "utf8" });
    expect(fixed.status, fixed.stderr).toBe(0);
    expect(repo.git(["cat-file", "blob", ":model.bin"]).stdout).toBe(canonical);
    expect(JSON.parse(ballast(["check", "--json"], { cwd: repo.dir }).stdout).findings).toEqual([]);
  });
});

describe("at a path LFS does not track", () => {
  it("almost-pointer text git-lfs would not decode is still an lfs-malformed error, fixed by unstaging", () => {
    const { run, findings } = check({ "notes.txt": `${POINTER}this is the model\n` });
    expect(run.code).toBe(1);
    expect(findings).toMatchObject([{ rule: "lfs-malformed", severity: "error", fix: "git rm --cached -- notes.txt" }]);
  });
});

describe("a staged .gitattributes change says so in the finding about a file it retracks (pre-commit)", () => {
  function committed(tree: Record<string, string>) {
    const repo = gitdir(tree);
    return { repo, commit: () => ballast(["pre-commit", "--json"], { cwd: repo.dir }) };
  }
  const findings = (stdout: string) => (JSON.parse(stdout) as { findings: Finding[] }).findings;

  it("a changed line that drops tracking: the change is named, with how to take it back", () => {
    const { repo, commit } = committed({ ".gitattributes": LFS, "w/p.bin": POINTER });
    repo.write({ ".gitattributes": "*.psd filter=lfs diff=lfs merge=lfs -text\n" });
    repo.git(["add", ".gitattributes"]);
    const run = commit();
    expect(run.code).toBe(1);
    const [finding, ...rest] = findings(run.stdout);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ rule: "lfs-pointer-untracked", path: "w/p.bin" });
    expect(finding!.message).toMatch(/\. The staged \.gitattributes stops tracking it with LFS; if that was not meant: change \.gitattributes back, then git add -- \.gitattributes$/);
    // As the words say: the line back, staged, and the commit passes.
    repo.write({ ".gitattributes": LFS });
    repo.git(["add", ".gitattributes"]);
    expect(commit().code).toBe(0);
  });

  it("a nested .gitattributes that starts tracking over a committed real file is named; an unrelated file is not", () => {
    const { repo, commit } = committed({ "README.md": "x\n", "w/real.bin": pseudoRandom(3_000, "r"), "other/real.bin": pseudoRandom(3_000, "o") });
    repo.write({ "w/.gitattributes": LFS });
    repo.git(["add", "w/.gitattributes"]);
    const run = commit();
    expect(run.code).toBe(1);
    const found = findings(run.stdout);
    expect(found.map((f) => `${f.rule} ${f.path}`)).toEqual(["lfs-not-pointer w/real.bin"]);
    expect(found[0]!.message).toContain(". The staged w/.gitattributes starts tracking it with LFS; if that was not meant: change w/.gitattributes back, then git add -- w/.gitattributes");
  });
});
