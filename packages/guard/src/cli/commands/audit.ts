import { formatSize } from "@ballast/config";
import type { ChalkInstance } from "chalk";
import { audit, type AuditResult } from "../../api/audit.js";
import { BallastError } from "../../errors.js";
import { rangeMessages } from "../../messages.js";
import { displayPath } from "../render.js";
import type { Command } from "../types.js";

export const auditCommand: Command = {
  name: "audit",
  maxPositionals: 0,
  options: { range: { type: "string" }, top: { type: "string" } },
  async run({ values, global, io }) {
    const top = values.top === undefined ? undefined : Number(values.top);
    if (top !== undefined && (!Number.isInteger(top) || top < 1)) {
      throw new BallastError("BAD_ARGUMENTS", rangeMessages.badTop(values.top as string | undefined), { fix: rangeMessages.badTopFix });
    }
    const report = await audit({
      cwd: global.cwd,
      ...(global.config ? { configFile: global.config } : {}),
      ...(values.range !== undefined ? { range: values.range as string } : {}),
      ...(top ? { top } : {}),
      ...(io.interactive ? { onProgress: (blobs: number) => io.progress(`\r\u001b[2Kballast: weighing ${blobs} blobs`) } : {}),
    });
    if (io.interactive) io.progress("\r\u001b[2K");
    return { report, exitCode: 0, render: (chalk) => renderAudit(report.audit, chalk) };
  },
};

/** The audit as tables: the heaviest blobs, then totals by extension and by folder, then the fixes. */
export function renderAudit(a: AuditResult, chalk: ChalkInstance): string {
  const lines = [chalk.bold(`ballast audit: ${a.blobs} blob${a.blobs === 1 ? "" : "s"}, ${formatSize(a.bytes)} in ${a.scope === "--all" ? "the whole history" : a.scope}`), ""];
  if (a.largest.length) {
    lines.push(chalk.bold("largest blobs"));
    lines.push(chalk.dim(`  ${"size".padStart(8)}  ${"kind".padEnd(11)}  ${"commit".padEnd(12)}  path`));
    for (const e of a.largest) {
      lines.push(`  ${formatSize(e.size).padStart(8)}  ${e.kind.padEnd(11)}  ${(e.commit ?? "").slice(0, 12).padEnd(12)}  ${displayPath(e.path)}`);
    }
    lines.push("");
  }
  const table = (title: string, rows: AuditResult["byExtension"]) => {
    if (!rows.length) return;
    lines.push(chalk.bold(title));
    for (const r of rows) lines.push(`  ${formatSize(r.bytes).padStart(8)}  ${String(r.blobs).padStart(6)} blob${r.blobs === 1 ? " " : "s"}  ${displayPath(r.name)}`);
    lines.push("");
  };
  table("by extension", a.byExtension);
  table("by folder", a.byFolder);
  lines.push(
    `binaries over the binary limit: ${a.binaries.blobs} (${formatSize(a.binaries.bytes)}) · LFS pointers: ${a.lfsPointers.count} · ballast references: ${a.references.count}`,
  );
  const withFixes = a.largest.filter((e) => e.fixes.length);
  if (withFixes.length) {
    lines.push("", chalk.bold("to lighten it"));
    for (const e of withFixes.slice(0, 10)) {
      lines.push(`  ${displayPath(e.path)}`);
      for (const fix of e.fixes) lines.push(`    ${chalk.cyan(fix)}`);
    }
    lines.push(chalk.dim("  (git lfs migrate and git filter-repo rewrite history: every clone must re-clone afterwards)"));
  }
  return lines.join("\n");
}
