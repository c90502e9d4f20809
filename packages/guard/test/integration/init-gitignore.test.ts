import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { ballast, gitdir, pseudoRandom } from "@ballast/test-utils";
import { describe, expect, it } from "vitest";
import { read } from "./init-fixture.js";

const staged = (repo: ReturnType<typeof gitdir>) => repo.git(["diff", "--cached", "--name-only", "-z"]).stdout.split("\0").filter(Boolean);

/** A bot made with `npm init -y` and `npm install`: package.json, node_modules, no .gitignore, nothing committed. */
function npmInitBot(tree: Record<string, string> = {}) {
  const repo = gitdir({}, { commit: false });
  const init = spawnSync("npm", ["init", "-y"], { cwd: repo.dir, encoding: "utf8", env: { ...process.env, npm_config_yes: "true" } });
  expect(init.status, init.stderr).toBe(0);
  repo.write({
    ...tree,
    "bot.js": "console.log('hi');\n",
    // What an npm install leaves: many files, one of them 1.5 MB.
    "node_modules/husky/package.json": '{ "name": "husky", "version": "9.1.7" }\n',
    "node_modules/husky/index.js": "export default () => {};\n",
    "node_modules/some-sdk/dist/bundle.wasm": pseudoRandom(1_500_000, "wasm"),
    "node_modules/.bin/husky": "#!/bin/sh\n",
  } as never);
  return repo;
}

describe("init keeps node_modules out of the first commit", () => {
  it("an npm init -y repository without .gitignore: init writes one, and git add -A as suggested stages no node_modules", () => {
    const repo = npmInitBot();
    expect(existsSync(`${repo.dir}/.gitignore`)).toBe(false);
    const result = ballast(["init", "--no-install"], { cwd: repo.dir });
    expect(result.code, result.output).toBe(0);
    expect(result.stdout).toContain("git add -A");
    expect(read(repo.dir, ".gitignore")).toBe("node_modules/\n");
    repo.git(["add", "-A"]);
    const files = staged(repo);
    expect(files.filter((f) => f.startsWith("node_modules/"))).toEqual([]);
    expect(files).toEqual(expect.arrayContaining([".gitignore", "package.json", "bot.js", ".husky/pre-commit", ".husky/pre-push"]));
    const again = JSON.parse(ballast(["init", "--no-install", "--json"], { cwd: repo.dir }).stdout);
    expect(again.actions.find((a: { target: string }) => a.target === ".gitignore").status).toBe("unchanged");
    expect(read(repo.dir, ".gitignore")).toBe("node_modules/\n");
  });

  it("extends an existing .gitignore, keeping its lines (and its missing final newline)", () => {
    const repo = npmInitBot({ ".gitignore": "# mine\n.env\ndist" });
    expect(ballast(["init", "--no-install"], { cwd: repo.dir }).code).toBe(0);
    expect(read(repo.dir, ".gitignore")).toBe("# mine\n.env\ndist\nnode_modules/\n");
    repo.git(["add", "-A"]);
    expect(staged(repo).filter((f) => f.startsWith("node_modules/"))).toEqual([]);
  });

  it("leaves a .gitignore that already ignores node_modules as it is", () => {
    for (const line of ["node_modules", "/node_modules/", "node_modules/"]) {
      const repo = npmInitBot({ ".gitignore": `${line}\n` });
      const report = JSON.parse(ballast(["init", "--no-install", "--json"], { cwd: repo.dir }).stdout);
      expect(report.actions.find((a: { target: string }) => a.target === ".gitignore")).toMatchObject({ status: "unchanged" });
      expect(read(repo.dir, ".gitignore")).toBe(`${line}\n`);
    }
  });

  it("a .gitignore that un-ignores node_modules is not trusted: the line is added", () => {
    const repo = npmInitBot({ ".gitignore": "node_modules/\n!node_modules/\n" });
    expect(ballast(["init", "--no-install"], { cwd: repo.dir }).code).toBe(0);
    repo.git(["add", "-A"]);
    expect(staged(repo).filter((f) => f.startsWith("node_modules/"))).toEqual([]);
  });
});
