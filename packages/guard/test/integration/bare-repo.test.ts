import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { BALLAST_BIN, ballast, gitdir, pseudoRandom, tempDir } from "@ballast/test-utils";
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

describe("a hook's bare repository (GIT_DIR=.) read from its folder", () => {
  // git runs pre-receive in the repository's folder with GIT_DIR=.: receive reads what
  // rev-parse would say from the folder and its config (git/bare.ts explicitBareRepo), and
  // must say it only where rev-parse agrees. The oracle is rev-parse, with the same
  // environment, on generated configs.
  const cores = [
    "\tbare = true\n",
    "\tbare = false\n",
    "\tbare\n",
    "\tBare = Yes\n",
    "\tbare = 1 ; a comment\n",
    "\tbare = true # a comment\n",
    "\tbare = on\n",
    "\tbare = 0\n",
    "\tbare = \n",
    "\tbare = true\n\tbare = false\n",
    "\tbare = false\n\tbare = true\n",
    "\tbare = true\n\tworktree = /tmp\n",
    '\tbare = "true"\n',
    "\tbare = tr\\\nue\n",
    "\tbare = 2\n",
    "",
  ];
  const others = ["", '[remote "origin"]\n\turl = /srv/x.git\n', '[core "x"]\n\tbare = true\n', "[include]\n\tpath = other\n", "[Core]\n\tbare = true\n", "# top comment\n"];
  const envs: Array<Record<string, string>> = [{ GIT_DIR: "." }, {}, { GIT_DIR: ".", GIT_WORK_TREE: "." }, { GIT_DIR: ".", GIT_CONFIG_COUNT: "1", GIT_CONFIG_KEY_0: "core.bare", GIT_CONFIG_VALUE_0: "false" }];

  it("says a repository only where rev-parse says the same bare repository", async () => {
    const { explicitBareRepo } = await import("../../src/git/bare.js");
    const server = path.join(tempDir("ballast-server-"), "repo.git");
    gitdir({ "README.md": "hi\n" }).git(["clone", "-q", "--bare", ".", server]);
    const base = readFileSync(path.join(server, "config"), "utf8").replace(/^\s*bare\s*=.*\n/m, "");
    let said = 0;
    let asked = 0;
    for (const core of cores) {
      for (const other of others) {
        writeFileSync(path.join(server, "config"), `${base.replace("[core]\n", `[core]\n${core}`)}${other}`);
        for (const extra of envs) {
          const env = { PATH: process.env.PATH!, HOME: process.env.HOME!, ...extra };
          const ours = explicitBareRepo(server, env);
          const git = spawnSync("git", ["rev-parse", "--path-format=absolute", "--is-bare-repository", "--git-dir", "--git-common-dir"], { cwd: server, env, encoding: "utf8" });
          asked++;
          if (!ours) continue;
          said++;
          const label = `${JSON.stringify(core + other)} ${JSON.stringify(extra)}`;
          expect(git.status, label).toBe(0);
          expect(git.stdout.split("\n").slice(0, 3), label).toEqual(["true", ours.gitDir, ours.commonDir]);
        }
      }
    }
    // The plain forms (bare = true/yes/1/on, a comment, another section) are read: not a check that never speaks.
    expect(said).toBeGreaterThanOrEqual(20);
    expect(asked).toBe(cores.length * others.length * envs.length);
  });

  it("a push through a real hook is judged without asking rev-parse: refused with the finding, refs unchanged", () => {
    const { bare, base } = pair({});
    // Put the server back before "heavy", and let a hook judge the push of it.
    const work = gitdir({ "README.md": "hi\n" });
    work.git(["fetch", "-q", bare, "main"]);
    work.git(["reset", "-q", "--hard", "FETCH_HEAD"]);
    spawnSync("git", ["update-ref", "refs/heads/main", base], { cwd: bare });
    const hook = path.join(bare, "hooks", "pre-receive");
    const trace = path.join(tempDir(), "trace");
    writeFileSync(hook, `#!/bin/sh\ntest "$GIT_DIR" = . || exit 3\nGIT_TRACE="${trace}" exec "${process.execPath}" "${BALLAST_BIN}" receive\n`, { mode: 0o755 });
    const push = work.git(["push", bare, "HEAD:refs/heads/main"], { allowFail: true });
    expect(push.status, push.stderr).toBe(1);
    expect(push.stderr).toContain("binary");
    expect(push.stderr).toContain("data/model.bin");
    expect(spawnSync("git", ["rev-parse", "refs/heads/main"], { cwd: bare, encoding: "utf8" }).stdout.trim()).toBe(base);
    const ran = readFileSync(trace, "utf8");
    expect(ran).toContain("built-in: git log --raw");
    expect(ran).not.toContain("built-in: git rev-parse --path-format");
  });
});

describe("a relative GIT_DIR is read from the folder ballast was started in, as git reads it", () => {
  it("receive and scan with GIT_DIR (and GIT_WORK_TREE) relative to another folder", () => {
    const { work, bare, base } = pair({});
    const parent = path.dirname(bare);
    // The server back before "heavy": its objects are there, as a push's are, and new.
    spawnSync("git", ["update-ref", "refs/heads/main", base], { cwd: bare });
    const input = `${base} ${work.git(["rev-parse", "HEAD"]).stdout.trim()} refs/heads/main\n`;
    // Same as git: rev-parse from the parent with the same variable finds the repository.
    expect(spawnSync("git", ["rev-parse", "--is-bare-repository"], { cwd: parent, env: { ...process.env, GIT_DIR: "repo.git" }, encoding: "utf8" }).stdout.trim()).toBe("true");
    const received = ballast(["receive"], { cwd: parent, env: { GIT_DIR: "repo.git" }, input });
    expect(received.code, received.stderr).toBe(1);
    expect(received.stderr).toContain("data/model.bin");
    // --cwd is git's -C: the variable is read from there.
    const elsewhere = tempDir();
    expect(ballast(["--cwd", parent, "receive"], { cwd: elsewhere, env: { GIT_DIR: "repo.git" }, input }).stderr).toContain("data/model.bin");
    const workParent = path.dirname(work.dir);
    const name = path.basename(work.dir);
    const scanned = ballast(["scan", "--all", "--json"], { cwd: workParent, env: { GIT_DIR: `${name}/.git`, GIT_WORK_TREE: name } });
    expect(scanned.code, scanned.stderr).toBe(1);
    expect(rules(scanned.stdout)).toEqual(["binary data/model.bin"]);
  });

  it("receive fed by hand a commit the repository does not have says so, and its fix (lines naming commits it has) works", () => {
    const { work, bare, base } = pair({});
    spawnSync("git", ["update-ref", "refs/heads/main", base], { cwd: bare });
    const missing = "1234567890123456789012345678901234567890";
    const run = ballast(["receive"], { cwd: bare, env: { GIT_DIR: "." }, input: `${base} ${missing} refs/heads/main\n` });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`ballast: the pushed lines name commit ${missing}, which this repository does not have`);
    expect(run.stderr).toContain("fix: ballast receive judges what git has received: test the hook with a real push (git push), or feed it <old> <new> <ref> lines whose <new> commits this repository has");
    // As the fix says: a line whose <new> commit the repository has is judged.
    const head = work.git(["rev-parse", "HEAD"]).stdout.trim();
    const fed = ballast(["receive"], { cwd: bare, env: { GIT_DIR: "." }, input: `${base} ${head} refs/heads/main\n` });
    expect(fed.code, fed.stderr).toBe(1);
    expect(fed.stderr).toContain("data/model.bin");
  });

  it("a GIT_DIR that is not a repository is named, and its fix (unset GIT_DIR) works", () => {
    const { work, base } = pair({});
    const input = `${base} ${work.git(["rev-parse", "HEAD"]).stdout.trim()} refs/heads/main\n`;
    for (const command of [["receive"], ["scan", "--all"], ["pre-commit"]]) {
      const run = ballast(command, { cwd: work.dir, env: { GIT_DIR: "nowhere.git" }, input });
      expect(run.code, command.join(" ")).toBe(2);
      expect(run.stderr, command.join(" ")).toContain(`GIT_DIR is set to ${path.join(work.dir, "nowhere.git")}, which is not a git repository`);
      expect(run.stderr, command.join(" ")).toContain("fix: unset GIT_DIR");
    }
    // The fix, in the same shell: the variable gone, the command runs.
    const fixed = spawnSync("sh", ["-c", `unset GIT_DIR; exec "${process.execPath}" "${BALLAST_BIN}" scan --all --json`], { cwd: work.dir, env: { ...process.env, GIT_DIR: "nowhere.git" }, encoding: "utf8" });
    expect(fixed.status, fixed.stderr).toBe(1);
    expect(rules(fixed.stdout)).toEqual(["binary data/model.bin"]);
  });
});
