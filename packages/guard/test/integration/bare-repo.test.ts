import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ballast, gitdir, pseudoRandom, tempDir } from "@ballast/test-utils";
import { describe, expect, it } from "vitest";

type Json = { findings: Array<{ rule: string; path: string }>; error?: { code: string; message: string; problems: Array<{ file: string; key: string }> } };
const json = (stdout: string) => JSON.parse(stdout) as Json;
const rules = (stdout: string) => json(stdout).findings.map((f) => `${f.rule} ${f.path}`).sort();

/** A working repository and its bare clone (a server's copy). */
function pair(tree: Record<string, string | Buffer>) {
  const work = gitdir({ "README.md": "hi\n", ...tree });
  const base = work.git(["rev-parse", "HEAD"]).stdout.trim();
  work.commit("heavy", { "data/model.bin": pseudoRandom(2_000_000), ".env": "TOKEN=1\n" });
  const bare = path.join(tempDir("ballast-server-"), "repo.git");
  work.git(["clone", "-q", "--bare", work.dir, bare]);
  return { work, bare, base };
}

describe("a bare repository is a repository", () => {
  it("scan --all and scan --range judge it as they judge a clone, with the config committed at HEAD", () => {
    const { work, bare, base } = pair({ "ballast.config.json": JSON.stringify({ forbidden: [".env"] }) });
    const inClone = ballast(["scan", "--all", "--json"], { cwd: work.dir });
    const inBare = ballast(["scan", "--all", "--json"], { cwd: bare });
    expect(inBare.code, inBare.stderr).toBe(1);
    expect(rules(inBare.stdout)).toEqual(["binary data/model.bin", "forbidden .env"]);
    expect(rules(inBare.stdout)).toEqual(rules(inClone.stdout));
    expect(rules(ballast(["scan", "--range", `${base}..main`, "--json"], { cwd: bare }).stdout)).toEqual(["binary data/model.bin", "forbidden .env"]);
    expect(ballast(["audit", "--json"], { cwd: bare }).code).toBe(0);
  });

  it("reads ballast.config.mjs and package.json's ballast key from HEAD, and --config wins", () => {
    const mjs = pair({ "ballast.config.mjs": 'export default { forbidden: [".env"], rules: { binary: "off" } };\n' });
    // binary off: the 2 MB blob is only over the warning size.
    expect(rules(ballast(["scan", "--all", "--json"], { cwd: mjs.bare }).stdout)).toEqual(["forbidden .env", "size data/model.bin"]);
    const pkg = pair({ "package.json": JSON.stringify({ name: "x", ballast: { forbidden: [".env"] } }) });
    expect(rules(ballast(["scan", "--all", "--json"], { cwd: pkg.bare }).stdout)).toEqual(["binary data/model.bin", "forbidden .env"]);
    const server = path.join(tempDir(), "server.json");
    writeFileSync(server, JSON.stringify({ rules: { binary: "off", size: "off" } }));
    expect(rules(ballast(["scan", "--all", "--json", "--config", server], { cwd: mjs.bare }).stdout)).toEqual([]);
  });

  it("no committed config means the recommended preset; a broken one names HEAD:FILE and fails closed", () => {
    const none = pair({});
    expect(rules(ballast(["scan", "--all", "--json"], { cwd: none.bare }).stdout)).toEqual(["binary data/model.bin"]);
    const broken = pair({ "ballast.config.json": JSON.stringify({ forbiden: [".env"] }) });
    const run = ballast(["scan", "--all", "--json"], { cwd: broken.bare });
    expect(run.code).toBe(2);
    expect(json(run.stdout).error!.problems).toEqual([expect.objectContaining({ file: "HEAD:ballast.config.json", key: "forbiden" })]);
  });

  it("commands that work on files say they need a working tree (exit 2, with what works here)", () => {
    const { bare } = pair({});
    for (const command of [["check"], ["pre-commit"], ["status"], ["verify"], ["pull"], ["push"], ["doctor"], ["migrate"], ["stow", "x"]]) {
      const run = ballast(command, { cwd: bare });
      expect(run.code, command.join(" ")).toBe(2);
      expect(run.stderr, command.join(" ")).toContain("is a bare repository (no working tree)");
      expect(run.stderr, command.join(" ")).toContain("ballast scan --range A..B");
    }
  });

  it("a bare repository inside a working tree's folder is itself, and .git is not a working tree", () => {
    const outer = gitdir({ "README.md": "outer\n" });
    const inner = gitdir({ "x.bin": pseudoRandom(2_000_000) });
    mkdirSync(path.join(outer.dir, "srv"));
    inner.git(["clone", "-q", "--bare", inner.dir, path.join(outer.dir, "srv/inner.git")]);
    expect(rules(ballast(["scan", "--all", "--json"], { cwd: path.join(outer.dir, "srv/inner.git") }).stdout)).toEqual(["binary x.bin"]);
    const inside = ballast(["check"], { cwd: path.join(outer.dir, ".git") });
    expect(inside.code).toBe(2);
    expect(inside.stderr).toContain("inside .git");
  });
});
