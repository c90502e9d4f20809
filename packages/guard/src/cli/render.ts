import { formatSize } from "@ballast/config";
import type { ChalkInstance } from "chalk";
import type { Finding, Report } from "../report/types.js";

/** Show a path safely on a terminal: control characters (a newline in a name) are escaped. */
export function displayPath(path: string): string {
  // C1 controls too (U+009B is an 8-bit CSI); JSON.stringify alone leaves them raw.
  // eslint-disable-next-line no-control-regex
  if (!/[\u0000-\u001f\u007f-\u009f]/.test(path)) return path;
  // eslint-disable-next-line no-control-regex
  return JSON.stringify(path).replace(/[\u007f-\u009f]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** The default pretty report: findings grouped by rule, each with its fix. */
export function renderFindings(report: Report, chalk: ChalkInstance, what = "checked"): string {
  const lines: string[] = [];
  const groups = new Map<string, Finding[]>();
  for (const f of report.findings) groups.set(f.rule, [...(groups.get(f.rule) ?? []), f]);
  for (const [rule, findings] of groups) {
    const errors = findings.some((f) => f.severity === "error");
    lines.push("", `${errors ? chalk.red.bold(rule) : chalk.yellow.bold(rule)} ${chalk.dim(`(${findings.length})`)}`);
    for (const f of findings) {
      const mark = f.severity === "error" ? chalk.red("✖") : chalk.yellow("⚠");
      const size = f.size !== undefined ? chalk.dim(` ${formatSize(f.size)}`) : "";
      const commit = f.commit ? chalk.dim(` in commit ${f.commit.slice(0, 12)}`) : "";
      lines.push(`  ${mark} ${chalk.bold(displayPath(f.path))}${size}${commit}`);
      lines.push(`    ${f.message}`);
      if (f.fix) lines.push(`    ${chalk.dim("fix:")} ${chalk.cyan(f.fix)}`);
    }
  }
  for (const s of report.stowed) {
    lines.push(`${chalk.green("↪")} stowed ${chalk.bold(displayPath(s.path))} ${chalk.dim(formatSize(s.size))} → ${displayPath(s.reference)}`);
  }
  for (const note of report.notes ?? []) lines.push(chalk.dim(note));
  const { errors, warnings, checked } = report.summary;
  const counts = `${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"} in ${checked} file${checked === 1 ? "" : "s"} ${what}`;
  if (errors > 0) lines.push("", chalk.red.bold(`✖ ballast blocked this: ${counts}`));
  else if (warnings > 0) lines.push("", chalk.yellow(`⚠ ballast: ${counts}`));
  else lines.push(chalk.green(`✔ ballast: ${counts}, nothing to stop`));
  return lines.join("\n").replace(/^\n/, "");
}
