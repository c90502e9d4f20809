import { ballast, gitdir, installHook, pseudoRandom } from "@ballast/test-utils";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The kill points listed at the top of src/stow/steps.ts, in order.
const POINTS = ["stow:after-cache", "stow:after-reference", "stow:after-gitignore", "stow:after-index"];

function setup() {
  const repo = gitdir({ "README.md": "x\n", ".ballastrc.json": JSON.stringify({ extends: ["ml"] }), "models/net.pt": pseudoRandom(1_000_000, "kill") });
  const index = () => repo.git(["ls-files", "-s"]).stdout;
  return { repo, index };
}

describe("stow killed with SIGKILL at every step", () => {
  it.each(POINTS)("%s: the index is as it was or complete, and running again finishes", (point) => {
    const { repo, index } = setup();
    const before = index();
    const killed = ballast(["stow", "models/net.pt"], { cwd: repo.dir, env: { BALLAST_TEST_KILL_AT: point } });
    expect(killed.code).toBe(-1); // died by signal
    const after = index();
    const complete = after.includes("models/net.pt.ballast") && !after.includes("models/net.pt\n") && after.includes(".gitignore");
    expect(after === before || complete).toBe(true);
    expect(complete).toBe(point === "stow:after-index");
    // The file itself is never lost.
    expect(readFileSync(path.join(repo.dir, "models/net.pt")).equals(pseudoRandom(1_000_000, "kill"))).toBe(true);
    expect(ballast(["stow", "models/net.pt"], { cwd: repo.dir }).code).toBe(0);
    expect(repo.git(["status", "--porcelain"]).stdout.split("\n").filter(Boolean).sort()).toEqual(["A  .gitignore", "A  models/net.pt.ballast", "D  models/net.pt"]);
    expect(readFileSync(path.join(repo.dir, ".gitignore"), "utf8")).toBe("/models/net.pt\n");
  });

  it("in the hook: a killed redirect stops the commit, and the next commit completes it", () => {
    const repo = gitdir({ "README.md": "x\n", ".ballastrc.json": JSON.stringify({ extends: ["ml"] }) });
    installHook(repo.dir, "pre-commit");
    repo.write({ "m.onnx": pseudoRandom(1_000_000, "hook") });
    repo.git(["add", "-A"]);
    const killed = repo.git(["commit", "-m", "m"], { env: { BALLAST_TEST_KILL_AT: "stow:after-gitignore" }, allowFail: true });
    expect(killed.status).not.toBe(0);
    expect(repo.git(["rev-list", "--count", "HEAD"]).stdout.trim()).toBe("1");
    expect(repo.git(["commit", "-m", "m"], { allowFail: true }).status).toBe(0);
    expect(repo.git(["show", "--name-only", "--format=", "HEAD"]).stdout.split("\n").filter(Boolean).sort()).toEqual([".gitignore", "m.onnx.ballast"]);
  });
});
