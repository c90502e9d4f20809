import { formatSize } from "@ballast/config";
import { status } from "../../api/status.js";
import { displayPath, renderFindings } from "../render.js";
import type { Command } from "../types.js";

export const statusCommand: Command = {
  name: "status",
  options: { offline: { type: "boolean" } },
  async run({ positionals, values, global }) {
    const report = await status({
      cwd: global.cwd,
      ...(global.config ? { configFile: global.config } : {}),
      paths: positionals,
      offline: Boolean(values.offline),
    });
    return {
      report,
      render: (chalk) => {
        if (report.files.length === 0) return "no stowed files here";
        const yes = (v: boolean | undefined) => (v === undefined ? chalk.dim("?") : v ? chalk.green("yes") : chalk.red("no"));
        const local = (v: string) => (v === "match" ? chalk.green("yes") : v === "missing" ? chalk.yellow("missing") : chalk.red("differs"));
        const rows = report.files.map((f) => [displayPath(f.path), formatSize(f.size), local(f.local), yes(f.cached), yes(f.stored)]);
        const header = ["file", "size", "here", "cached", "stored"];
        // eslint-disable-next-line no-control-regex
        const width = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, "").length;
        const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => width(r[i]!))));
        const line = (cells: string[]) => cells.map((c, i) => c + " ".repeat(widths[i]! - width(c))).join("  ").trimEnd();
        const out = [chalk.bold(line(header)), ...rows.map(line)];
        if (report.store) out.push(chalk.dim(`store: ${report.store}`));
        else out.push(chalk.dim("store: none configured (stored: ?)"));
        if (report.findings.length) out.push(renderFindings(report, chalk, "stowed"));
        else out.push(...(report.notes ?? []).map((note) => chalk.yellow(note)));
        return out.join("\n");
      },
    };
  },
};
