#!/usr/bin/env node
// A custom report built on ballast's typed API, the way a review bot or a dashboard would
// use it: what the staged change would be stopped for, and what weighs most on the
// history, as Markdown for a pull-request comment.
//   node examples/api/report.mjs [REPO] > report.md
// Exit code: 1 when the staged change would be blocked (like `ballast check`), else 0.
import { formatSize } from "@ballast/config";
import { audit, checkStaged, isBallastError } from "@ballast/guard";

const cwd = process.argv[2] ?? process.cwd();

try {
  const [staged, weight] = await Promise.all([checkStaged({ cwd }), audit({ cwd, top: 5 })]);
  const lines = ["## ballast report", ""];
  if (staged.findings.length === 0) lines.push("Nothing staged is too heavy. ✅");
  else {
    lines.push("| rule | path | size | fix |", "| --- | --- | --- | --- |");
    for (const f of staged.findings) {
      const size = f.size === undefined ? "" : formatSize(f.size);
      lines.push(`| ${f.severity === "error" ? "⛔" : "⚠️"} \`${f.rule}\` | \`${f.path}\` | ${size} | ${f.fix ? `\`${f.fix}\`` : ""} |`);
    }
  }
  const { blobs, bytes } = weight.audit;
  lines.push("", `### Heaviest in history (${blobs} blob${blobs === 1 ? "" : "s"}, ${formatSize(bytes)})`, "");
  for (const entry of weight.audit.largest) lines.push(`- \`${entry.path}\` ${formatSize(entry.size)} (${entry.kind})`);
  console.log(lines.join("\n"));
  process.exitCode = staged.summary.blocked ? 1 : 0;
} catch (error) {
  // ballast's own errors carry a one-line cause and the command that fixes it.
  if (!isBallastError(error)) throw error;
  console.error(`ballast: ${error.message}${error.fix ? `\n  fix: ${error.fix}` : ""}`);
  process.exitCode = 2;
}
