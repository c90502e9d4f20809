import { spawnSync } from "node:child_process";
import { ballast, pseudoRandom, tempDir, type GitDir } from "@ballast/test-utils";
import { describe, expect, it } from "vitest";
import { push, pushSetup } from "../e2e/prepush-fixture.js";

/**
 * `ballast migrate --everything` on a repository whose heavy files were already pushed
 * (with the hook skipped): every branch and tag rewritten, annotated tags re-created,
 * a backup of every ref, and the printed commands run as printed: the force pushes pass
 * the hook and the remote keeps no heavy blob reachable; the undo commands bring every
 * ref back.
 */
const sh = (repo: GitDir, command: string) => spawnSync("sh", ["-c", command], { cwd: repo.dir, encoding: "utf8" });
const heads = (repo: GitDir) => repo.git(["for-each-ref", "--format=%(refname) %(objectname)", "refs/heads", "refs/tags"]).stdout;
const section = (output: string, title: string) => {
  const lines = output.split("\n");
  const start = lines.indexOf(title);
  const end = lines.findIndex((l, i) => i > start && !l.startsWith("  "));
  return lines.slice(start + 1, end < 0 ? undefined : end).map((l) => l.trim());
};

describe("ballast migrate --everything", () => {
  it("rewrites every branch and tag; its force-push and undo commands work as printed", () => {
    const { repo, remote } = pushSetup({ ".ballastrc.json": JSON.stringify({ extends: ["recommended"], store: `file://${tempDir("ballast-store-")}` }) });
    const skip = { BALLAST_SKIP: "1" };
    repo.commit("model", { "models/m.bin": pseudoRandom(2_000_000, "everything") });
    repo.git(["tag", "-a", "v1", "-m", "first release\n\nnotes"]);
    repo.git(["checkout", "-q", "-b", "dev"]);
    repo.commit("dev work", { "dev.txt": "d\n" });
    repo.git(["tag", "lw"]);
    repo.git(["checkout", "-q", "main"]);
    repo.commit("after", { "a.txt": "a\n" });
    expect(push(repo, ["origin", "main", "dev", "v1", "lw"], skip).status).toBe(0);
    const before = heads(repo);
    const tagText = repo.git(["cat-file", "tag", "v1"]).stdout;

    const result = ballast(["migrate", "--everything"], { cwd: repo.dir });
    expect(result.code, result.output).toBe(0);
    const after = heads(repo);
    for (const ref of ["refs/heads/main", "refs/heads/dev", "refs/tags/v1", "refs/tags/lw"]) {
      expect(after).toContain(ref);
      expect(before).not.toContain(after.split("\n").find((l) => l.startsWith(`${ref} `)));
    }
    // The annotated tag: the same tagger and message, on the new commit.
    expect(repo.git(["cat-file", "tag", "v1"]).stdout.replace(/^object .*\n/, "")).toBe(tagText.replace(/^object .*\n/, ""));
    expect(repo.git(["rev-parse", "v1^{commit}"]).stdout).toBe(repo.git(["rev-parse", ":/^model"]).stdout);
    expect(repo.git(["for-each-ref", "--format=%(refname)", "refs/ballast/backup"]).stdout.split("\n").filter(Boolean).map((r) => r.replace(/^refs\/ballast\/backup\/[^/]+\//, ""))).toEqual(["heads/dev", "heads/main", "tags/lw", "tags/v1"]);
    expect(result.stdout).toContain("GitHub refuses a single push over 2 GB");

    const pushes = section(result.stdout, "next:");
    expect(pushes).toEqual(["git push --force-with-lease origin dev main", "git push --force origin refs/tags/lw refs/tags/v1"]);
    for (const command of pushes) {
      const pushed = sh(repo, command);
      expect(pushed.status, pushed.stdout + pushed.stderr).toBe(0);
    }
    const reachable = remote.git(["rev-list", "--objects", "--all"]).stdout;
    expect(reachable).toContain("models/m.bin.ballast");
    expect(reachable).not.toMatch(/ models\/m\.bin\n/);

    const undo = section(result.stdout, "to undo:");
    expect(undo).toHaveLength(4);
    for (const command of undo) {
      const undone = sh(repo, command);
      expect(undone.status, `${command}\n${undone.stderr}`).toBe(0);
    }
    expect(heads(repo)).toBe(before);
    expect(repo.git(["status", "--porcelain"]).stdout).toBe("");
  });
});
