import { formatSize } from "@ballast/config";
import { appendFile } from "node:fs/promises";
import type { Finding, Report } from "../report/types.js";
import { githubWords } from "../messages.js";
import { displayPath } from "./render.js";

/**
 * `--format github`: GitHub Actions workflow commands on stdout, one per finding
 *   ::error file=models/a.bin,line=1,title=size::models/a.bin is 6 MB, over …%0Afix: npx ballast migrate
 * which the runner turns into annotations on the run and the pull request's files, and a
 * markdown table (with the fixes) for `$GITHUB_STEP_SUMMARY`. The runner parses a line as
 * `::name k=v,k=v::data` (actions/runner ActionCommand.TryParseV2), so properties escape
 * `%`, CR, LF, `:` and `,`, and data escapes `%`, CR and LF, as @actions/core does.
 */
export function githubCommands(report: Report, options: { summary?: boolean } = {}): string {
  const lines = report.findings.map((f) => {
    const command = f.severity === "error" ? "error" : "warning";
    const properties = `file=${escapeProperty(f.path)},line=1,title=${escapeProperty(f.rule)}`;
    return `::${command} ${properties}::${escapeData(annotation(f))}`;
  });
  // GitHub shows only the first few annotations of each kind a step makes and drops the
  // rest without a word (actions/toolkit docs/problem-matchers.md, "Limitations"): say how
  // many it hides, and where they are.
  for (const severity of ["error", "warning"] as const) {
    const count = report.findings.filter((f) => f.severity === severity).length;
    if (count > SHOWN_PER_STEP) lines.push(`::notice title=ballast::${escapeData(githubWords.hidden(severity, count - SHOWN_PER_STEP, SHOWN_PER_STEP, options.summary ?? true))}`);
  }
  for (const note of report.notes ?? []) lines.push(`::notice title=ballast::${escapeData(note)}`);
  lines.push(githubWords.counts(report));
  return `${lines.join("\n")}\n`;
}

/**
 * Print the workflow commands, and append the summary to `$GITHUB_STEP_SUMMARY` when the
 * runner set it. A summary that cannot be written is a warning, never a changed verdict.
 */
export async function writeGithub(report: Report, io: { stdout: NodeJS.WritableStream; env: NodeJS.ProcessEnv }): Promise<void> {
  const file = io.env.GITHUB_STEP_SUMMARY;
  io.stdout.write(githubCommands(report, { summary: Boolean(file) }));
  if (!file) return;
  await appendFile(file, githubSummary(report)).catch((error: NodeJS.ErrnoException) => {
    io.stdout.write(`::warning title=ballast::${escapeData(githubWords.summaryFailed(error.code ?? error.message))}\n`);
  });
}

/** A run that could not judge (exit 2): one annotation with the cause and the fix. */
export function githubFailure(message: string, fix: string | undefined): string {
  return `::error title=ballast::${escapeData(fix ? `${message}\n${githubWords.fix(fix)}` : message)}\n`;
}

/** The step summary: a heading with the counts, then one table row per finding with its fix. */
export function githubSummary(report: Report): string {
  const lines = [`### ${githubWords.counts(report)}`];
  if (report.findings.length > 0) {
    lines.push("", `| | ${githubWords.columns.join(" | ")} |`, `|${" --- |".repeat(githubWords.columns.length + 1)}`);
    for (const f of report.findings.slice(0, MAX_ROWS)) lines.push(row(f));
    if (report.findings.length > MAX_ROWS) lines.push("", githubWords.more(report.findings.length - MAX_ROWS));
  }
  for (const note of report.notes ?? []) lines.push("", `> ${text(note)}`);
  return `${lines.join("\n")}\n\n`;
}

/** GitHub keeps 1 MiB of summary per step: a few thousand rows fit, and the run's log has the rest. */
const MAX_ROWS = 2000;

/** Annotations of each kind (error, warning, notice) GitHub shows per step. */
const SHOWN_PER_STEP = 10;

/** @actions/core's escapeData: what may follow the `::` that ends the properties. */
export function escapeData(value: string): string {
  return value.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** @actions/core's escapeProperty: a property value cannot hold its separators (`,` `:`). */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

function annotation(f: Finding): string {
  const commit = f.commit ? ` ${githubWords.inCommit(f.commit)}` : "";
  return `${displayPath(f.path)} ${f.message}${commit}${f.fix ? `\n${githubWords.fix(f.fix)}` : ""}`;
}

function row(f: Finding): string {
  // Most messages already say the size ("is a 6 MB binary file"): not twice.
  const size = f.size !== undefined && !f.message.includes(formatSize(f.size)) ? ` (${formatSize(f.size)})` : "";
  const commit = f.commit ? ` ${githubWords.inCommit(f.commit)}` : "";
  const cells = [githubWords.severity(f.severity), code(f.rule), code(displayPath(f.path)), text(`${f.message}${size}${commit}`), f.fix ? code(f.fix) : ""];
  return `| ${cells.join(" | ")} |`;
}

/** Markdown text in a table cell: no line breaks, markup characters taken literally. */
function text(value: string): string {
  return value.replace(/[\r\n]+/g, " ").replace(/[\\`*_[\]<>|~#]/g, "\\$&");
}

/**
 * A code span in a table cell: a fence longer than any run of backticks inside, and `\|`
 * for a pipe (GFM splits cells before it reads code spans, then shows `\|` as `|`).
 */
function code(value: string): string {
  const flat = value.replace(/[\r\n]+/g, " ").replace(/\|/g, "\\|");
  const fence = "`".repeat(Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length)) + 1);
  const pad = flat.startsWith("`") || flat.endsWith("`") ? " " : "";
  return `${fence}${pad}${flat}${pad}${fence}`;
}
