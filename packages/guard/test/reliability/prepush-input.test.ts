import { ballast, gitdir, pseudoRandom, type GitDir } from "@ballast/test-utils";
import { describe, expect, it } from "vitest";

/**
 * Catalogue: pre-push input. git writes "<local ref> <local sha> <remote ref> <remote sha>"
 * lines on the hook's stdin; that text is untrusted (a wrapper script, a tool, a broken
 * pipe can produce anything). Whatever arrives, a push that adds a blocked blob is never
 * exit 0, and input that cannot be read is exit 2 with a cause.
 */
const ZERO = "0".repeat(40);

function repoWithBigCommit(): { repo: GitDir; base: string; tip: string } {
  const repo = gitdir({ "README.md": "# bot\n" });
  const base = repo.git(["rev-parse", "HEAD"]).stdout.trim();
  const tip = repo.commit("big", { "big.bin": pseudoRandom(2_000_000, "prepush") });
  return { repo, base, tip };
}

interface Case {
  name: string;
  input: (tip: string, base: string) => string;
  /** Allowed exit codes: 1 when the big commit is judged, 2 when the input is refused, 0 only when nothing is pushed. */
  codes: number[];
}

const line = (tip: string, base: string) => `refs/heads/main ${tip} refs/heads/main ${base}`;

const CASES: Case[] = [
  { name: "a valid update adding the big blob", input: (t, b) => `${line(t, b)}\n`, codes: [1] },
  { name: "a new branch (zero remote sha)", input: (t) => `refs/heads/x ${t} refs/heads/x ${ZERO}\n`, codes: [1] },
  { name: "no final newline", input: (t, b) => line(t, b), codes: [1] },
  { name: "CRLF line ends", input: (t, b) => `${line(t, b)}\r\n`, codes: [1, 2] },
  { name: "extra spaces and a trailing tab", input: (t, b) => `${line(t, b).replace(/ /g, "  ")}\t\n`, codes: [1, 2] },
  { name: "the same update 2000 times", input: (t, b) => `${line(t, b)}\n`.repeat(2000), codes: [1] },
  { name: "a garbage line before a valid one", input: (t, b) => `hello world\n${line(t, b)}\n`, codes: [1, 2] },
  { name: "a valid line, then NUL bytes", input: (t, b) => `${line(t, b)}\n\u0000\u0000\n`, codes: [1, 2] },
  { name: "garbage only", input: () => "hello world\n", codes: [2] },
  { name: "three fields", input: (t) => `refs/heads/main ${t} refs/heads/main\n`, codes: [2] },
  { name: "a sha that is not hex", input: (_, b) => `refs/heads/main ${"g".repeat(40)} refs/heads/main ${b}\n`, codes: [2] },
  // git cannot push objects it does not have (the push itself fails), so "nothing to judge" is safe here.
  { name: "a local sha this repository does not have", input: (_, b) => `refs/heads/main ${"1".repeat(40)} refs/heads/main ${b}\n`, codes: [0, 2] },
  { name: "a 64-hex sha in a SHA-1 repository", input: (_, b) => `refs/heads/main ${"a".repeat(64)} refs/heads/main ${b}\n`, codes: [0, 2] },
  { name: "an option-like ref name", input: (t, b) => `--output=/tmp/pwned ${t} --exec=touch ${b}\n`, codes: [1, 2] },
  { name: "an option-like sha", input: (_, b) => `refs/heads/main --all refs/heads/main ${b}\n`, codes: [2] },
  { name: "a deletion (zero local sha): nothing is added", input: (_, b) => `(delete) ${ZERO} refs/heads/old ${b}\n`, codes: [0] },
  { name: "empty input: nothing is pushed", input: () => "", codes: [0] },
];

describe("pre-push input catalogue", () => {
  it.each(CASES.map((c) => [c.name, c] as const))("%s", (_, c) => {
    const { repo, base, tip } = repoWithBigCommit();
    const run = ballast(["pre-push", "origin", "https://example.invalid/bot.git"], { cwd: repo.dir, input: c.input(tip, base), timeout: 60_000 });
    expect(run.stderr).not.toContain("internal error");
    expect(c.codes, run.output).toContain(run.code);
    if (run.code === 2) expect(run.stderr).toMatch(/^\s+fix: .+/m);
  });
});
