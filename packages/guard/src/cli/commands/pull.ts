import { pull } from "../../api/pull.js";
import { displayPath, renderFindings } from "../render.js";
import { progressLine } from "../../util/progress.js";
import type { Command } from "../types.js";
import { formatSize } from "@ballast/config";

export const pullCommand: Command = {
  name: "pull",
  options: { force: { type: "boolean" } },
  async run({ positionals, values, global, io }) {
    const bar = progressLine(io.progress, io.interactive);
    try {
      const report = await pull({
        cwd: global.cwd,
        ...(global.config ? { configFile: global.config } : {}),
        paths: positionals,
        force: Boolean(values.force),
        onProgress: (p) => bar.update(`downloading ${p.done + 1}/${p.count}`, p.path, p.bytes, p.total),
      });
      bar.done();
      return {
        report,
        render: (chalk) => {
          const lines = report.files
            .filter((f) => f.action === "restored")
            .map((f) => `${chalk.green("↓")} ${chalk.bold(displayPath(f.path))} ${chalk.dim(`${formatSize(f.size)} from ${f.source}`)}`);
          const present = report.files.filter((f) => f.action === "present").length;
          if (report.findings.length) lines.push(renderFindings(report, chalk, "pulled"));
          else {
            const restored = lines.length;
            // Where a forced pull kept the files it replaced: read before anything else is done.
            lines.push(...(report.notes ?? []).map((note) => chalk.yellow(note)));
            lines.push(chalk.green(`✔ ballast: ${restored} restored, ${present} already present and verified`));
          }
          return lines.join("\n");
        },
      };
    } finally {
      bar.done();
    }
  },
};
