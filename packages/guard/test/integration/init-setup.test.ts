import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ballast, gitdir, pseudoRandom } from "@ballast/test-utils";
import { describe, expect, it } from "vitest";
import { botRepo, installBin, json, read } from "./init-fixture.js";

const init = (cwd: string, ...args: string[]) => ballast(["init", "--no-install", ...args], { cwd });

describe("ballast init", () => {
  it("sets up a Rasa repository so a real commit of a large binary is blocked", () => {
    const repo = botRepo({ "domain.yml": "version: '3.1'\n", "config.yml": "language: en\n" });
    const result = init(repo.dir);
    expect(result.code, result.output).toBe(0);
    expect(read(repo.dir, "ballast.config.mjs")).toContain('extends: ["rasa"]');
    expect(read(repo.dir, "ballast.config.mjs")).toMatch(/store: "file:\/\/\.\.\/ballast-repo-\w+-ballast-store"/);
    expect(json(repo.dir, "package.json").scripts.prepare).toBe("husky");
    expect(read(repo.dir, ".husky/pre-commit")).toContain("ballast pre-commit");
    expect(read(repo.dir, ".husky/pre-push")).toContain('ballast pre-push "$@"');
    expect(read(repo.dir, ".husky/pre-push")).not.toContain("npx");
    expect(existsSync(path.join(repo.dir, ".husky/post-checkout"))).toBe(false); // no LFS here
    expect(repo.git(["config", "core.hooksPath"]).stdout.trim()).toBe(".husky/_");

    installBin(repo.dir);
    repo.git(["add", "-A"]);
    expect(repo.git(["commit", "-m", "set up ballast"], { allowFail: true }).status).toBe(0);
    repo.write({ "embeddings.bin": pseudoRandom(3_000_000) });
    repo.git(["add", "embeddings.bin"]);
    const blocked = repo.git(["commit", "-m", "add embeddings"], { allowFail: true });
    expect(blocked.status).toBe(1);
    expect(blocked.stdout + blocked.stderr).toContain("embeddings.bin");
  });

  it("is idempotent: a second run changes nothing and says so", () => {
    const repo = botRepo();
    expect(init(repo.dir).code).toBe(0);
    const files = ["ballast.config.mjs", "package.json", ".husky/pre-commit", ".husky/pre-push"].map((f) => read(repo.dir, f));
    const again = init(repo.dir, "--json");
    expect(again.code).toBe(0);
    const report = JSON.parse(again.stdout);
    expect(report.alreadySetUp).toBe(true);
    expect(report.actions.every((a: { status: string }) => a.status === "unchanged")).toBe(true);
    expect(init(repo.dir).stdout).toContain("already set up");
    expect(["ballast.config.mjs", "package.json", ".husky/pre-commit", ".husky/pre-push"].map((f) => read(repo.dir, f))).toEqual(files);
  });

  it("keeps existing hooks and prepare script, adding ballast's lines", () => {
    const repo = botRepo(
      { ".husky/pre-commit": "npm test\n", ".husky/pre-push": "#!/usr/bin/env sh\nnpm run lint\n" },
      { scripts: { prepare: "node build.js" } },
    );
    expect(init(repo.dir).code).toBe(0);
    const preCommit = read(repo.dir, ".husky/pre-commit");
    expect(preCommit.indexOf("npm test")).toBe(0);
    expect(preCommit.indexOf("ballast pre-commit")).toBeGreaterThan(0);
    // pre-push: ballast reads git's ref lines first, the user's lines still follow.
    const prePush = read(repo.dir, ".husky/pre-push");
    expect(prePush.startsWith("#!/usr/bin/env sh\n# >>> ballast")).toBe(true);
    expect(prePush).toContain("npm run lint");
    expect(json(repo.dir, "package.json").scripts.prepare).toBe("husky && node build.js");
  });

  it("detects ml from model files, recommended otherwise, and honours --preset", () => {
    const ml = botRepo({ "weights/model.onnx": "onnx" });
    init(ml.dir);
    expect(read(ml.dir, "ballast.config.mjs")).toContain('extends: ["ml"]');
    const plain = botRepo({ "src/app.js": "1\n" });
    init(plain.dir);
    expect(read(plain.dir, "ballast.config.mjs")).toContain('extends: ["recommended"]');
    const chosen = botRepo();
    init(chosen.dir, "--preset", "rasa");
    expect(read(chosen.dir, "ballast.config.mjs")).toContain('extends: ["rasa"]');
    const bad = init(botRepo().dir, "--preset", "nope");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("rasa");
  });

  it("keeps an existing config file", () => {
    const repo = botRepo({ ".ballastrc.json": '{ "extends": ["strict"] }\n' });
    const result = init(repo.dir, "--preset", "rasa");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("--preset rasa not applied");
    expect(existsSync(path.join(repo.dir, "ballast.config.mjs"))).toBe(false);
  });

  it("works in a monorepo subfolder: hooks cd there, config at the root", () => {
    const repo = gitdir({
      "README.md": "# mono\n",
      "apps/bot/package.json": JSON.stringify({ name: "bot", devDependencies: { husky: "9.1.7" } }),
      "apps/bot/domain.yml": "version: '3.1'\n",
      "apps/bot/config.yml": "language: en\n",
      ".gitignore": "node_modules\n",
    });
    const result = init(path.join(repo.dir, "apps/bot"));
    expect(result.code, result.output).toBe(0);
    expect(json(repo.dir, "apps/bot/package.json").scripts.prepare).toBe("cd ../.. && husky apps/bot/.husky");
    expect(repo.git(["config", "core.hooksPath"]).stdout.trim()).toBe("apps/bot/.husky/_");
    expect(read(repo.dir, "apps/bot/.husky/pre-commit")).toContain("cd apps/bot");
    expect(read(repo.dir, "ballast.config.mjs")).toContain('"apps/bot/models/**/*.tar.gz"');

    installBin(path.join(repo.dir, "apps/bot"));
    repo.git(["add", "-A"]);
    expect(repo.git(["commit", "-m", "ballast"], { allowFail: true }).status).toBe(0);
    repo.write({ "apps/bot/data/big.bin": pseudoRandom(3_000_000) });
    repo.git(["add", "-A"]);
    const blocked = repo.git(["commit", "-m", "big"], { allowFail: true });
    expect(blocked.status).toBe(1);
    expect(blocked.stdout + blocked.stderr).toContain("apps/bot/data/big.bin");
  });

  it("suggests the right command for npm, pnpm and yarn lockfiles", () => {
    for (const [lock, command] of [
      ["package-lock.json", "npm install -D -E husky@9.1.7"],
      ["pnpm-lock.yaml", "pnpm add -D -E husky@9.1.7"],
      ["yarn.lock", "yarn add -D -E husky@9.1.7"],
    ] as const) {
      const repo = gitdir({ "package.json": '{ "name": "bot" }\n', [lock]: "" });
      const result = init(repo.dir, "--json");
      const todo = JSON.parse(result.stdout).actions.find((a: { status: string }) => a.status === "todo");
      expect(todo.fix).toContain(command);
    }
  });

  it("with --lint-staged, adds a ballast check task and runs lint-staged from pre-commit", () => {
    const repo = botRepo({}, { "lint-staged": { "*.js": "prettier --write" }, devDependencies: { husky: "9.1.7", "lint-staged": "16.4.0" } });
    expect(init(repo.dir, "--lint-staged").code).toBe(0);
    expect(json(repo.dir, "package.json")["lint-staged"]).toEqual({ "*.js": "prettier --write", "*": "ballast check" });
    expect(read(repo.dir, ".husky/pre-commit")).toContain("lint-staged");
    expect(read(repo.dir, ".husky/pre-commit")).not.toContain("ballast pre-commit");
    expect(JSON.parse(init(repo.dir, "--lint-staged", "--json").stdout).alreadySetUp).toBe(true);

    const rc = botRepo({ ".lintstagedrc.json": '{\n  "*": "eslint"\n}\n' }, { devDependencies: { husky: "9.1.7", "lint-staged": "16.4.0" } });
    init(rc.dir, "--lint-staged");
    expect(json(rc.dir, ".lintstagedrc.json")).toEqual({ "*": ["eslint", "ballast check"] });

    const js = botRepo({ "lint-staged.config.mjs": "export default {};\n" }, { devDependencies: { husky: "9.1.7", "lint-staged": "16.4.0" } });
    const manual = JSON.parse(init(js.dir, "--lint-staged", "--json").stdout);
    expect(manual.actions.find((a: { target: string }) => a.target === "lint-staged.config.mjs").status).toBe("todo");
    // Until that is done, doctor does not call the hooks ok: lint-staged would guard nothing.
    installBin(js.dir);
    const doctor = (dir: string) => (JSON.parse(ballast(["doctor", "--json"], { cwd: dir }).stdout) as { checks: Array<{ id: string; status: string; detail: string; fix?: string }> }).checks.find((c) => c.id === "hooks")!;
    expect(doctor(js.dir)).toMatchObject({ status: "fail", fix: 'add "*": "ballast check" to lint-staged\'s config in lint-staged.config.mjs' });
    // Its fix, done by hand as it says.
    writeFileSync(path.join(js.dir, "lint-staged.config.mjs"), 'export default { "*": "ballast check" };\n');
    expect(doctor(js.dir).status).toBe("ok");
  });

  it("hooks fail closed with the install command when ballast is not installed (fresh clone)", () => {
    const repo = botRepo();
    init(repo.dir);
    repo.git(["add", "-A"]);
    const result = repo.git(["commit", "-m", "no node_modules yet"], { allowFail: true });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("ballast is not installed yet: run npm install");
    const skipped = repo.git(["commit", "-m", "skip once"], { allowFail: true, env: { BALLAST_SKIP: "1" } });
    expect(skipped.status).toBe(0);
  });

  it("refuses to take over another hook manager's core.hooksPath", () => {
    const repo = botRepo();
    repo.git(["config", "core.hooksPath", ".githooks"]);
    const result = init(repo.dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(".githooks");
    expect(result.stderr).toContain("fix:");
    expect(repo.git(["config", "core.hooksPath"]).stdout.trim()).toBe(".githooks");
  });

  it("another hook manager's hooks: the lines init and doctor print work in a plain hook (no node_modules/.bin on PATH), even before the user's exit 0", () => {
    const repo = botRepo();
    mkdirSync(path.join(repo.dir, ".githooks"));
    for (const hook of ["pre-commit", "pre-push"]) writeFileSync(path.join(repo.dir, ".githooks", hook), "#!/bin/sh\necho mine\nexit 0\n", { mode: 0o755 });
    repo.git(["config", "core.hooksPath", ".githooks"]);
    installBin(repo.dir);
    const fix = JSON.parse(init(repo.dir, "--json").stdout).error.fix as string;
    expect(fix).toBe(
      'add the line node_modules/.bin/ballast pre-commit || exit $? to .githooks/pre-commit and node_modules/.bin/ballast pre-push "$@" || exit $? to .githooks/pre-push (before any exit), or: git config --unset core.hooksPath && npx ballast init',
    );
    const doctor = () => (JSON.parse(ballast(["doctor", "--json"], { cwd: repo.dir }).stdout) as { checks: Array<{ id: string; status: string; fix?: string }> }).checks.find((c) => c.id === "hooks")!;
    // doctor's fix is the same lines, not an init that refuses.
    expect(doctor()).toMatchObject({ status: "fail", fix });
    // As the words say: each line, before the exit.
    for (const [hook, line] of [["pre-commit", "node_modules/.bin/ballast pre-commit || exit $?"], ["pre-push", 'node_modules/.bin/ballast pre-push "$@" || exit $?']]) {
      writeFileSync(path.join(repo.dir, ".githooks", hook!), `#!/bin/sh\necho mine\n${line}\nexit 0\n`, { mode: 0o755 });
    }
    expect(doctor().status).toBe("ok");
    repo.write({ "big.bin": pseudoRandom(12_000_000) });
    repo.git(["add", "big.bin"]);
    // The user's own PATH: no node_modules/.bin on it.
    const commit = repo.git(["commit", "-m", "big"], { allowFail: true });
    expect(commit.status).not.toBe(0);
    expect(commit.stderr).toContain("big.bin");
  });

  it("names hooks in .git/hooks that stop running under husky", () => {
    const repo = botRepo();
    writeFileSync(path.join(repo.dir, ".git/hooks/commit-msg"), "#!/bin/sh\nexit 0\n", { mode: 0o755 });
    const report = JSON.parse(init(repo.dir, "--json").stdout);
    expect(report.actions.find((a: { target: string }) => a.target === ".git/hooks/commit-msg").status).toBe("warning");
  });

  it("explains a missing package.json", () => {
    const repo = gitdir({ "README.md": "x\n" });
    const result = init(repo.dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("npm init -y");
  });
});
