import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { githubCommands, githubFailure, githubSummary } from "../../src/cli/github.js";
import { makeReport, type Finding } from "../../src/report/types.js";

/**
 * The runner's own parser, ported line for line from actions/runner
 * src/Runner.Common/ActionCommand.cs (TryParseV2, UnescapeProperty, UnescapeData): what
 * GitHub reads back from a line is the oracle, not ballast's escaping.
 */
function runnerParse(line: string): { command: string; properties: Record<string, string>; data: string } | undefined {
  const message = line.trimStart();
  if (!message.startsWith("::")) return undefined;
  const end = message.indexOf("::", 2);
  if (end < 0) return undefined;
  const info = message.slice(2, end);
  const space = info.indexOf(" ");
  const command = space < 0 ? info : info.slice(0, space);
  if (!["error", "warning", "notice"].includes(command)) return undefined;
  const properties: Record<string, string> = {};
  if (space > 0) {
    for (const part of info.slice(space + 1).trim().split(",").filter(Boolean)) {
      const eq = part.indexOf("=");
      // C#'s Split('=', 2, RemoveEmptyEntries): "k=" and "=v" yield one entry and are dropped.
      const pair = (eq < 0 ? [part] : [part.slice(0, eq), part.slice(eq + 1)]).filter(Boolean);
      if (pair.length === 2) properties[pair[0]!] = unescape(pair[1]!, PROPERTY);
    }
  }
  return { command, properties, data: unescape(message.slice(end + 2), DATA) };
}
const DATA: Array<[string, string]> = [["\r", "%0D"], ["\n", "%0A"], ["%", "%25"]];
const PROPERTY: Array<[string, string]> = [["\r", "%0D"], ["\n", "%0A"], [":", "%3A"], [",", "%2C"], ["%", "%25"]];
const unescape = (s: string, table: Array<[string, string]>) => table.reduce((out, [token, code]) => out.split(code).join(token), s);

const finding = (f: Partial<Finding>): Finding => ({ rule: "size", severity: "error", path: "a.bin", message: "is big", ...f });

describe("--format github workflow commands", () => {
  it("one ::error / ::warning per finding, with file, line 1, the rule as title, and the fix", () => {
    const report = makeReport("scan", [finding({ fix: "npx ballast migrate", commit: "0123456789abcdef" }), finding({ severity: "warning", rule: "binary", path: "docs/x.png" })], { checked: 3 });
    const lines = githubCommands(report).trimEnd().split("\n");
    expect(lines[0]).toBe("::error file=a.bin,line=1,title=size::a.bin is big (in commit 0123456789ab)%0Afix: npx ballast migrate");
    expect(runnerParse(lines[1]!)).toEqual({ command: "warning", properties: { file: "docs/x.png", line: "1", title: "binary" }, data: "docs/x.png is big" });
    expect(lines[2]).toBe("ballast blocked this: 1 error, 1 warning in 3 files checked");
  });

  it("past the 10 annotations of a kind GitHub shows per step, a notice says how many it hides and where they are", () => {
    const errors = Array.from({ length: 12 }, (_, i) => finding({ path: `e${i}.bin` }));
    const warnings = Array.from({ length: 10 }, (_, i) => finding({ severity: "warning", path: `w${i}.png` }));
    const lines = githubCommands(makeReport("scan", [...errors, ...warnings], { checked: 22 })).trimEnd().split("\n");
    expect(lines.filter((l) => l.startsWith("::error "))).toHaveLength(12);
    const notices = lines.filter((l) => l.startsWith("::notice ")).map((l) => runnerParse(l)!.data);
    // Ten warnings all show: no notice for them.
    expect(notices).toEqual(["GitHub shows 10 error annotations per step: 2 more errors are in the step summary and in this run's log"]);
    expect(githubSummary(makeReport("scan", [...errors, ...warnings], { checked: 22 })).split("\n").filter((l) => l.startsWith("| ❌"))).toHaveLength(12);
    const eleven = githubCommands(makeReport("scan", Array.from({ length: 11 }, (_, i) => finding({ severity: "warning", path: `w${i}` })), { checked: 11 }));
    expect(eleven).toContain("::notice title=ballast::GitHub shows 10 warning annotations per step: 1 more warning is in the step summary and in this run's log\n");
    // Without GITHUB_STEP_SUMMARY there is no summary to point to.
    const noSummary = githubCommands(makeReport("scan", Array.from({ length: 11 }, (_, i) => finding({ severity: "warning", path: `w${i}` })), { checked: 11 }), { summary: false });
    expect(noSummary).toContain("::notice title=ballast::GitHub shows 10 warning annotations per step: 1 more warning is in this run's log\n");
  });

  it("the runner reads back every path and message exactly (%, CR, LF, colon, comma, ::)", () => {
    const nasty = "we,ird: 100%25\r\n::warning::x.bin";
    const [line] = githubCommands(makeReport("scan", [finding({ path: nasty, message: "has 50%0A: a, b::c" })], { checked: 1 })).split("\n");
    const parsed = runnerParse(line!)!;
    expect(parsed.properties).toEqual({ file: nasty, line: "1", title: "size" });
    expect(parsed.data).toContain("has 50%0A: a, b::c");
    expect(line).not.toMatch(/[\r]/);
  });

  it("any path and message survive the runner's parser (property test)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", minLength: 1 }), fc.string({ unit: "binary" }), (path, message) => {
        const [line] = githubCommands(makeReport("scan", [finding({ path, message })], { checked: 1 })).split("\n");
        const parsed = runnerParse(line!);
        expect(parsed?.properties.file).toBe(path);
        expect(parsed?.data.endsWith(` ${message}`)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("notes are notices, and a run that could not judge is one ::error with its fix", () => {
    const report = makeReport("scan", [], { checked: 0, notes: ["config: x.json: limits.warn is large"] });
    expect(githubCommands(report)).toBe("::notice title=ballast::config: x.json: limits.warn is large\nballast: 0 errors, 0 warnings in 0 files checked, nothing to stop\n");
    expect(runnerParse(githubFailure("bad, range: x", "pass a range").trimEnd())).toEqual({ command: "error", properties: { title: "ballast" }, data: "bad, range: x\nfix: pass a range" });
  });
});

describe("--format github step summary", () => {
  it("a markdown table with one row per finding and its fix; pipes and backticks cannot break a cell", () => {
    const report = makeReport("scan", [finding({ path: "a|b`c.bin", message: "is *big* | <b>", fix: "npx ballast stow 'a|b`c.bin'", size: 6_000_000 })], { checked: 2 });
    const lines = githubSummary(report).split("\n");
    expect(lines[0]).toBe("### ballast blocked this: 1 error, 0 warnings in 2 files checked");
    expect(lines[2]).toBe("| | rule | file | what | fix |");
    const row = lines[4]!;
    // Unescaped pipes separate cells: exactly six of them in a five-cell row.
    expect(row.match(/(?<!\\)\|/g)).toHaveLength(6);
    expect(row).toContain("``a\\|b`c.bin``");
    expect(row).toContain("is \\*big\\* \\| \\<b\\> (6 MB)");
    expect(row).toContain("``npx ballast stow 'a\\|b`c.bin'``");
  });

  it("a clean run is a heading alone", () => {
    expect(githubSummary(makeReport("scan", [], { checked: 4 }))).toBe("### ballast: 0 errors, 0 warnings in 4 files checked, nothing to stop\n\n");
  });
});
