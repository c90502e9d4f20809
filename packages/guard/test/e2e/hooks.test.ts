import { ballast, gitdir, installHook, pseudoRandom } from "@ballast/test-utils";
import { describe, expect, it } from "vitest";

const OID = "4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393";
const POINTER = `version https://git-lfs.github.com/spec/v1\noid sha256:${OID}\nsize 12345\n`;

function hooked(tree: Parameters<typeof gitdir>[0] = { "README.md": "# bot\n" }) {
  const repo = gitdir(tree);
  installHook(repo.dir, "pre-commit");
  return repo;
}

const commitsIn = (repo: ReturnType<typeof gitdir>) => Number(repo.git(["rev-list", "--count", "HEAD"]).stdout.trim());

describe("a real pre-commit hook", () => {
  it("blocks git commit of a 6 MB random binary and records nothing", () => {
    const repo = hooked();
    repo.write({ "model.bin": pseudoRandom(6_000_000) });
    repo.git(["add", "model.bin"]);
    const result = repo.git(["commit", "-m", "add model"], { allowFail: true });
    expect(result.status).toBe(1);
    expect(result.stdout + result.stderr).toContain("model.bin");
    expect(commitsIn(repo)).toBe(1);
  });

  it("lets an ordinary source commit through, silently", () => {
    const repo = hooked();
    repo.write({ "src/bot.py": "print('hi')\n" });
    repo.git(["add", "-A"]);
    const result = repo.git(["commit", "-m", "code"], { allowFail: true });
    expect(result.status).toBe(0);
    expect(result.stderr).not.toContain("ballast");
    expect(commitsIn(repo)).toBe(2);
  });

  it("judges git commit -a on what it records (a tracked file grown past the limit)", () => {
    const repo = hooked({ "README.md": "x\n", "data.bin": pseudoRandom(100) });
    repo.write({ "data.bin": pseudoRandom(3_000_000) });
    const result = repo.git(["commit", "-a", "-m", "grow"], { allowFail: true });
    expect(result.status).toBe(1);
    expect(result.stdout + result.stderr).toContain("data.bin");
  });

  it("judges git commit PATH on that path only (temporary index)", () => {
    const repo = hooked();
    repo.write({ "big.bin": pseudoRandom(3_000_000), "ok.txt": "fine\n" });
    repo.git(["add", "big.bin", "ok.txt"]);
    // Only ok.txt is committed: the staged big.bin is not part of this commit.
    const onlyOk = repo.git(["commit", "-m", "ok only", "--", "ok.txt"], { allowFail: true });
    expect(onlyOk.status).toBe(0);
    const withBig = repo.git(["commit", "-m", "big", "--", "big.bin"], { allowFail: true });
    expect(withBig.status).toBe(1);
  });

  it("guards the initial commit (no HEAD yet)", () => {
    const repo = gitdir({});
    installHook(repo.dir, "pre-commit");
    repo.write({ Dockerfile: POINTER });
    repo.git(["add", "-A"]);
    const result = repo.git(["commit", "-m", "first"], { allowFail: true });
    expect(result.status).toBe(1);
    expect(result.stdout + result.stderr).toContain("lfs-pointer-untracked");
  });

  it("in a merge, judges only blobs new to every parent", () => {
    const repo = gitdir({ "README.md": "x\n", ".ballastrc.json": JSON.stringify({ rules: { binary: "warn" } }) });
    repo.git(["checkout", "-q", "-b", "feature"]);
    repo.commit("big on feature", { "feature.bin": pseudoRandom(2_000_000) }); // allowed as a warning then
    repo.git(["checkout", "-q", "main"]);
    repo.commit("tighten", { ".ballastrc.json": JSON.stringify({}), "main.txt": "m\n" });
    installHook(repo.dir, "pre-commit");
    repo.git(["merge", "--no-ff", "--no-commit", "feature"], { allowFail: true });
    const clean = ballast(["pre-commit", "--json"], { cwd: repo.dir });
    expect(JSON.parse(clean.stdout).findings).toEqual([]);
    // A blob the merge itself adds (a conflict resolution, an evil merge) is new to both parents.
    repo.write({ "merge-only.bin": pseudoRandom(2_000_000, "m") });
    repo.git(["add", "merge-only.bin"]);
    const result = repo.git(["commit", "-m", "merge"], { allowFail: true });
    expect(result.status).toBe(1);
    expect(result.stdout + result.stderr).toContain("merge-only.bin");
    expect(result.stdout + result.stderr).not.toContain("feature.bin");
  });

  it("BALLAST_SKIP=1 and --no-verify skip it, as with husky", () => {
    const repo = hooked();
    repo.write({ "model.bin": pseudoRandom(6_000_000) });
    repo.git(["add", "model.bin"]);
    expect(repo.git(["commit", "-m", "skip"], { allowFail: true, env: { BALLAST_SKIP: "1" } }).status).toBe(0);
    repo.write({ "model2.bin": pseudoRandom(6_000_000, "2") });
    repo.git(["add", "model2.bin"]);
    expect(repo.git(["commit", "--no-verify", "-m", "skip2"], { allowFail: true }).status).toBe(0);
  });

  it("BALLAST_SKIP=1 skips ballast check too: what lint-staged runs in the hook (init --lint-staged)", () => {
    const repo = hooked();
    repo.write({ "model.bin": pseudoRandom(6_000_000) });
    repo.git(["add", "model.bin"]);
    expect(ballast(["check", "model.bin"], { cwd: repo.dir }).code).toBe(1);
    const skipped = ballast(["check", "model.bin"], { cwd: repo.dir, env: { BALLAST_SKIP: "1" } });
    expect(skipped.code).toBe(0);
    expect(skipped.stderr).toContain("ballast: check skipped (BALLAST_SKIP is set)");
  });

  it("fails closed on a broken config: the commit is stopped with exit 2", () => {
    const repo = hooked({ "README.md": "x\n", ".ballastrc.json": "{ not json" });
    repo.write({ "a.txt": "a\n" });
    repo.git(["add", "-A"]);
    const result = repo.git(["commit", "-m", "x"], { allowFail: true });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("not valid JSON");
  });
});
