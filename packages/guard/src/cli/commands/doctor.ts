import { doctor, type DoctorCheck } from "../../api/doctor.js";
import type { ChalkInstance } from "chalk";
import type { Command } from "../types.js";

export const doctorCommand: Command = {
  name: "doctor",
  maxPositionals: 0,
  async run({ global }) {
    const report = await doctor({ cwd: global.cwd, ...(global.config ? { configFile: global.config } : {}) });
    // Doctor is a diagnosis: exit 1 when a line fails, 0 when there are only warnings.
    return { report, exitCode: report.summary.blocked ? 1 : 0, render: (chalk) => render(report.checks, chalk) };
  },
};

function render(checks: DoctorCheck[], chalk: ChalkInstance): string {
  const width = Math.max(...checks.map((c) => c.id.length));
  const lines = checks.flatMap((c) => {
    const mark = { ok: chalk.green("✔ ok  "), warn: chalk.yellow("⚠ warn"), fail: chalk.red("✖ fail") }[c.status];
    return [
      `${mark}  ${chalk.bold(c.id.padEnd(width))}  ${c.detail}`,
      ...(c.problems ?? []).map((p) => `        ${" ".repeat(width)}  ${chalk.dim("-")} ${p}`),
      ...(c.fix && c.status !== "ok" ? [`        ${" ".repeat(width)}  ${chalk.dim("fix:")} ${chalk.cyan(c.fix)}`] : []),
    ];
  });
  const failed = checks.filter((c) => c.status === "fail").length;
  lines.push("", failed ? chalk.red.bold(`✖ ${failed} check${failed === 1 ? "" : "s"} failed`) : chalk.green("✔ ballast is ready"));
  return lines.join("\n");
}
