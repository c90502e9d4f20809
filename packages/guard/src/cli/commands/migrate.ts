import { formatSize } from "@ballast/config";
import type { ChalkInstance } from "chalk";
import { migrate, type MigrateProgress, type MigrateReport } from "../../api/migrate.js";
import { migrateWords } from "../../messages.js";
import { progressLine } from "../../util/progress.js";
import { displayPath } from "../render.js";
import type { Command } from "../types.js";

export const migrateCommand: Command = {
  name: "migrate",
  options: { everything: { type: "boolean" }, "from-lfs": { type: "boolean" }, "dry-run": { type: "boolean" } },
  async run({ positionals, values, global, io }) {
    const bar = progressLine(io.progress, io.interactive);
    let shown = false;
    const onProgress = (p: MigrateProgress) => {
      if (p.phase === "hash") return bar.update("hashing", p.path, p.bytes, p.total);
      // One redraw per 25 commits: a 100,000-commit history must not spend its time drawing.
      if (!io.interactive || (p.commits % 25 !== 0 && p.commits !== p.total)) return;
      shown = true;
      io.progress(`\r\u001b[2Kballast: ${p.phase === "scan" ? "reading" : "rewriting"} commits ${p.commits}/${p.total}`);
    };
    try {
      const report = await migrate({
        cwd: global.cwd,
        ...(global.config ? { configFile: global.config } : {}),
        paths: positionals,
        everything: Boolean(values.everything),
        fromLfs: Boolean(values["from-lfs"]),
        dryRun: Boolean(values["dry-run"]),
        onProgress,
      });
      bar.done();
      return { report, render: (chalk) => render(report, chalk) };
    } finally {
      bar.done();
      if (shown) io.progress("\r\u001b[2K");
    }
  },
};

function render(report: MigrateReport, chalk: ChalkInstance): string {
  const lines: string[] = [];
  const largest = new Map<string, number>();
  for (const f of report.files) largest.set(f.path, Math.max(f.size, largest.get(f.path) ?? 0));
  for (const [file, size] of [...largest].sort(([a], [b]) => (a < b ? -1 : 1))) {
    lines.push(`${chalk.green("↪")} ${chalk.bold(displayPath(file))} ${chalk.dim(formatSize(size))} → ${displayPath(`${file}.ballast`)}`);
  }
  for (const c of report.commits) {
    const files = c.files.length ? chalk.dim(` (${c.files.map(displayPath).join(", ")})`) : "";
    lines.push(`  ${chalk.dim(c.old.slice(0, 12))} → ${report.dryRun ? chalk.dim("(new)") : c.new.slice(0, 12)}  ${c.subject}${files}`);
  }
  for (const note of report.notes ?? []) lines.push(chalk.dim(note));
  if (report.commits.length > 0) {
    const bytes = Number(report.summary.bytes);
    lines.push(chalk.green(`✔ ballast: ${migrateWords.rewrote(report.commits.length, largest.size, bytes, report.dryRun)}`));
  }
  if (report.dryRun) return [...lines, chalk.yellow(migrateWords.dryRun)].join("\n");
  if (report.backup) lines.push(migrateWords.backup(report.backup));
  if (report.undo.length) lines.push(migrateWords.undo, ...report.undo.map((u) => `  ${chalk.cyan(u)}`));
  if (report.push.length) lines.push(migrateWords.next, ...report.push.map((p) => `  ${chalk.cyan(p)}`));
  return lines.join("\n");
}
