import { ballast, gitdir, tempDir, writeTree } from "@ballast/test-utils";
import { describe, expect, it } from "vitest";

/** The fix line of an error, with `npx ballast` replaced by the built binary, as argv. */
function fixArgs(stderr: string): string[] {
  const fix = /fix: (.*)/.exec(stderr)?.[1];
  expect(fix, stderr).toMatch(/^npx ballast /);
  return fix!.replace(/^npx ballast /, "").split(" ");
}

describe("ballast's command line, as git and npm have it", () => {
  it.each([
    ["verfiy", "verify"],
    ["chek", "check"],
    ["stats", "status"],
    ["prepush", "pre-push"],
  ])("a mistyped command (%s) asks whether %s was meant, exit 2, and the corrected line runs", (typed, meant) => {
    const repo = gitdir({ "a.txt": "a\n" });
    const run = ballast([typed, "--json"], { cwd: repo.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`unknown command "${typed}": did you mean "${meant}"?`);
    expect(run.stderr).toContain(`fix: npx ballast ${meant} --json`);
    // The corrected line reaches the command (pre-push then wants git's stdin and a remote).
    const again = ballast(fixArgs(run.stderr), { cwd: repo.dir });
    expect(again.output).not.toContain("unknown command");
    expect(JSON.parse(again.stdout)).toHaveProperty("version", 1);
  });

  it("a command far from any says so, with the help as the fix", () => {
    const run = ballast(["xyzzy"], { cwd: tempDir() });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown command "xyzzy"');
    expect(run.stderr).not.toContain("did you mean");
    expect(run.stderr).toContain("fix: npx ballast help");
  });

  it("ballast help CMD and ballast CMD --help print the same usage, exit 0", () => {
    const dir = tempDir();
    for (const name of ["scan", "verify", "pre-push", "migrate", "init"]) {
      const a = ballast(["help", name], { cwd: dir });
      const b = ballast([name, "--help"], { cwd: dir });
      expect(a.code).toBe(0);
      expect(b.code).toBe(0);
      expect(a.stdout).toBe(b.stdout);
      expect(a.stdout).toMatch(new RegExp(`^usage: ballast ${name}`));
      expect(a.stdout).toContain("--cwd DIR");
    }
    expect(ballast(["help", "scan"], { cwd: dir }).stdout).toContain("--range A..B");
    expect(ballast(["help", "migrate"], { cwd: dir }).stdout).toContain("usage: ballast migrate [PATH...] [--everything] [--from-lfs] [--dry-run]");
  });

  it("ballast --help lists every command, migrate included; a bare ballast prints it with exit 2", () => {
    const help = ballast(["--help"], { cwd: tempDir() });
    expect(help.code).toBe(0);
    for (const name of ["init", "pre-commit", "pre-push", "check", "scan", "verify", "stow", "pull", "push", "status", "audit", "doctor", "migrate"]) {
      expect(help.stdout).toMatch(new RegExp(`^  ${name} `, "m"));
    }
    expect(ballast([], { cwd: tempDir() }).code).toBe(2);
  });

  it.each([
    [["scan", "--rnage=HEAD"], "unknown option --rnage for ballast scan: did you mean --range?", "npx ballast scan --range=HEAD"],
    [["check", "--bogus"], "unknown option --bogus for ballast check", "npx ballast help check"],
    [["--bogus"], "unknown option --bogus", "npx ballast help"],
    [["scan", "--cwd"], "--cwd needs a value: --cwd DIR", "npx ballast help scan"],
    [["scan", "--range", "--all"], "--range needs a value (it is followed by --all): --range A..B", "npx ballast help scan"],
    [["scan", "--all=yes"], '--all takes no value, but was given "yes"', "npx ballast help scan"],
    [["scan", "origin/main..HEAD"], 'scan takes no arguments, but was given "origin/main..HEAD"', "npx ballast scan --range origin/main..HEAD"],
    [["pre-commit", "extra"], 'pre-commit takes no arguments, but was given "extra"', "npx ballast help pre-commit"],
    [["check", "--format", "xml"], '--format must be pretty, json, sarif or github, not "xml"', "npx ballast help"],
  ])("%j is answered in ballast's own words, exit 2", (args, message, fix) => {
    const repo = gitdir({ "a.txt": "a\n" });
    const run = ballast(args, { cwd: repo.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`ballast: ${message}`);
    expect(run.stderr).toContain(`fix: ${fix}`);
    // Node's parseArgs wording never reaches the user.
    expect(run.output).not.toMatch(/positional argument|Unknown option|argument missing|is ambiguous/);
  });

  it("a corrected option runs as printed", () => {
    const repo = gitdir({ "a.txt": "a\n" });
    const run = ballast(["scan", "--rnage=HEAD"], { cwd: repo.dir });
    const again = ballast(fixArgs(run.stderr), { cwd: repo.dir });
    expect(again.code).toBe(0);
  });

  it.each([
    ["ballast.config.json", '{\n  "limits": { "warn": "1 MB"\n  "block": 2 }\n}\n', "ballast.config.json:3:3: is not valid JSON"],
    ["ballast.config.mjs", 'export default {\n  limits: { warn: "1 MB" \n  block: 2,\n};\n', "ballast.config.mjs:3:3: has a syntax error: Unexpected identifier 'block'"],
    ["ballast.config.js", 'export default {\n  limits: { warn: "1 MB" \n  block: 2,\n};\n', "ballast.config.js:3:3: has a syntax error: Unexpected identifier 'block'"],
    ["ballast.config.ts", 'export default {\n  limits: { warn: "1 MB" \n  block: 2,\n};\n', "ballast.config.ts:3:3: has a syntax error: Unexpected token"],
  ])("a config with a syntax error (%s) is named with its line and column, exit 2", (name, text, line) => {
    const repo = gitdir({ "a.txt": "a\n" });
    writeTree(repo.dir, { [name]: text });
    const run = ballast(["check"], { cwd: repo.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(line);
    expect(run.stderr).toContain("fix: fix the file at the line and column named above");
  });
});
