import { spawnSync } from "node:child_process";

/** One finding as ballast printed it (the pretty report): rule, path, message and fix lines. */
export interface Printed {
  rule: string;
  path: string;
  message: string;
  fix?: string;
}

/**
 * Read the findings back from what a person saw: a rule header ("size (1)"), then per
 * finding "  ✖ path …", "    message", and "    fix: command" when there is one.
 */
export function printedFindings(output: string): Printed[] {
  const found: Printed[] = [];
  let rule = "";
  const lines = output.split("\n").map((l) => l.replace(/^remote: /, ""));
  for (let i = 0; i < lines.length; i++) {
    const header = /^([a-z-]+) \(\d+\)$/.exec(lines[i]!);
    if (header) rule = header[1]!;
    const item = /^ {2}[✖⚠] (.+?)(?: \d[\d.]* (?:B|kB|MB|GB))?(?: in commit [0-9a-f]{12})?$/.exec(lines[i]!);
    if (!item || !rule) continue;
    const finding: Printed = { rule, path: item[1]!, message: (lines[i + 1] ?? "").trim() };
    const fix = /^ {4}fix: (.*)$/.exec(lines[i + 2] ?? "");
    if (fix) finding.fix = fix[1]!;
    found.push(finding);
  }
  return found;
}

/** The fix exactly as printed, through a POSIX shell, in the folder where it was printed. */
export function runPrinted(fix: string, cwd: string): { status: number; output: string } {
  const run = spawnSync("sh", ["-c", fix], { cwd, encoding: "utf8", timeout: 120_000, maxBuffer: 1 << 28 });
  return { status: run.status ?? -1, output: `${run.stdout ?? ""}${run.stderr ?? ""}` };
}
