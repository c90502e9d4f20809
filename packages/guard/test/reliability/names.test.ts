import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ballast, gitdir, pseudoRandom } from "@ballast/test-utils";
import { describe, expect, it } from "vitest";

/**
 * Catalogue: names and paths. Every name below is staged as a blocking binary and as a
 * forbidden file; ballast must report it byte for byte, accept it as an argument (as
 * lint-staged passes it), and print a fix command that works when pasted into a shell.
 */
const NAMES: Array<[label: string, name: string]> = [
  ["a space", "my model.bin"],
  ["single quotes", "it's a 'model'.bin"],
  ["double quotes", 'say "cheese".bin'],
  ["a backslash", "back\\slash.bin"],
  ["a newline", "line\nbreak.bin"],
  ["a tab", "tab\there.bin"],
  ["a carriage return", "cr\rhere.bin"],
  ["non-ASCII NFC", "caf\u00e9/mod\u00e8le.bin"],
  ["non-ASCII NFD", "cafe\u0301/mode\u0300le.bin"],
  ["CJK and emoji", "模型/🤖.bin"],
  ["a leading dash", "-rf.bin"],
  ["only dashes", "--.bin"],
  ["glob characters", "a*b?c[d].bin"],
  ["a dollar and parens", "$(touch pwned).bin"],
  ["backticks", "`touch pwned`.bin"],
  ["a semicolon", "x;rm -rf .bin"],
  ["a pipe and ampersand", "a|b&c.bin"],
  ["a hash and bang", "#!x.bin"],
  ["a leading dot", ".hidden.bin"],
  ["a tilde", "~user.bin"],
  ["a 250-byte name", `${"n".repeat(246)}.bin`],
  ["a 2000-byte path", `${Array.from({ length: 10 }, (_, i) => `${i}${"d".repeat(199)}`).join("/")}/deep.bin`],
  ["a colon (Windows drive-like)", "C:model.bin"],
  ["a terminal escape (ESC)", "\u001b[2J\u001b]0;owned\u0007.bin"],
  ["a C1 control (8-bit CSI)", "c1\u009b31m.bin"],
];

interface Json {
  findings: Array<{ rule: string; path: string; fix?: string }>;
}

function staged(name: string) {
  const repo = gitdir({ "README.md": "# bot\n", ".ballastrc.json": JSON.stringify({ forbidden: ["**/*.bin"] }) });
  repo.write({ [name]: "secret\n" });
  // `git add -- name` with literal pathspecs: glob characters in the name are not patterns.
  repo.git(["--literal-pathspecs", "add", "--", name]);
  return repo;
}

function stagedNames(repo: ReturnType<typeof gitdir>): string[] {
  return repo.git(["diff", "--cached", "--name-only", "-z"]).stdout.split("\0").filter(Boolean);
}

const reported = (stdout: string) => (JSON.parse(stdout) as Json).findings.map((f) => [f.rule, f.path]);

describe("names and paths catalogue", () => {
  it.each(NAMES)("%s: reported byte for byte, accepted as an argument, and its fix pastes into bash", (_, name) => {
    const repo = staged(name);
    const all = ballast(["check", "--json"], { cwd: repo.dir });
    expect(all.code, all.stderr).toBe(1);
    expect(reported(all.stdout)).toEqual([["forbidden", name]]);
    // As lint-staged passes it: absolute; and relative after `--` (names may start with a dash).
    const absolute = ballast(["check", "--json", path.join(repo.dir, name)], { cwd: repo.dir });
    expect(reported(absolute.stdout)).toEqual([["forbidden", name]]);
    const relative = ballast(["check", "--json", "--", name], { cwd: repo.dir });
    expect(reported(relative.stdout)).toEqual([["forbidden", name]]);
    // Pretty output on a terminal never carries a raw control character from a name.
    const pretty = ballast(["check", "--", name], { cwd: repo.dir });
    // eslint-disable-next-line no-control-regex
    expect(pretty.output).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    // The fix, pasted as printed, unstages exactly that file and runs nothing else.
    const fix = (JSON.parse(all.stdout) as Json).findings[0]!.fix!;
    const pasted = spawnSync("bash", ["-c", fix], { cwd: repo.dir, encoding: "utf8" });
    expect(pasted.status, pasted.stderr).toBe(0);
    expect(stagedNames(repo)).toEqual([]);
    expect(existsSync(path.join(repo.dir, "pwned"))).toBe(false);
  });

  it("a 2 MB binary with a hostile name is still judged on its bytes", () => {
    const repo = gitdir({ "README.md": "x\n" });
    repo.write({ "$(touch pwned);\n.bin": pseudoRandom(2_000_000, "names") });
    repo.git(["add", "-A"]);
    const run = ballast(["check", "--json"], { cwd: repo.dir });
    expect(run.code).toBe(1);
    expect(reported(run.stdout)).toEqual([["binary", "$(touch pwned);\n.bin"]]);
    expect(existsSync(path.join(repo.dir, "pwned"))).toBe(false);
  });

  it("a name that is not valid UTF-8 (byte 0xFF) is still judged on its bytes and blocks", () => {
    const repo = gitdir({ "README.md": "x\n" });
    const name = Buffer.from([0x62, 0x61, 0x64, 0xff, 0x2e, 0x62, 0x69, 0x6e]); // "bad\xff.bin"
    writeFileSync(Buffer.concat([Buffer.from(`${repo.dir}/`), name]), pseudoRandom(2_000_000, "utf8"));
    repo.git(["add", "-A"]);
    const run = ballast(["check", "--json"], { cwd: repo.dir });
    expect(run.code, run.output).toBe(1);
    // Known limit: the name is shown with U+FFFD, so its printed fix names a different file.
    expect((JSON.parse(run.stdout) as Json).findings.map((f) => f.rule)).toEqual(["binary"]);
  });

  it("NFC and NFD spellings of one name are two paths, each reported as staged", () => {
    const repo = gitdir({ "README.md": "x\n" });
    repo.write({ "caf\u00e9.bin": pseudoRandom(2_000_000, "1"), "cafe\u0301.bin": pseudoRandom(2_000_000, "2") });
    repo.git(["add", "-A"]);
    const run = ballast(["check", "--json"], { cwd: repo.dir });
    expect(run.code).toBe(1);
    const paths = (JSON.parse(run.stdout) as Json).findings.map((f) => f.path).sort();
    expect(paths).toEqual(["caf\u00e9.bin", "cafe\u0301.bin"].sort());
  });

  it("with core.quotePath at its default, a non-ASCII name is still reported unquoted", () => {
    const repo = staged("données/ü.bin");
    repo.git(["config", "core.quotePath", "true"]);
    const run = ballast(["check"], { cwd: repo.dir });
    expect(run.code).toBe(1);
    expect(run.output).toContain("données/ü.bin");
    expect(run.output).not.toContain("\\303");
  });
});
