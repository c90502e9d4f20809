import { init, type InitAction } from "../../api/init.js";
import type { ChalkInstance } from "chalk";
import type { Command } from "../types.js";

export const initCommand: Command = {
  name: "init",
  maxPositionals: 0,
  options: {
    preset: { type: "string" },
    "lint-staged": { type: "boolean" },
    "no-install": { type: "boolean" },
  },
  async run({ values, global }) {
    const report = await init({
      cwd: global.cwd,
      ...(typeof values.preset === "string" ? { preset: values.preset } : {}),
      lintStaged: Boolean(values["lint-staged"]),
      install: !values["no-install"],
    });
    return {
      report,
      render: (chalk) => [...report.actions.map((a) => line(a, chalk)), ...(report.notes ?? []).map((n) => `\n${chalk.bold(n)}`)].join("\n"),
    };
  },
};

function line(action: InitAction, chalk: ChalkInstance): string {
  const mark = {
    created: chalk.green("✔"),
    updated: chalk.green("✔"),
    unchanged: chalk.dim("·"),
    todo: chalk.yellow("→"),
    warning: chalk.yellow("⚠"),
  }[action.status];
  const text = `${mark} ${chalk.bold(action.target)} ${action.status === "unchanged" ? chalk.dim(action.detail) : action.detail}`;
  return action.fix ? `${text}\n    ${chalk.dim("fix:")} ${chalk.cyan(action.fix)}` : text;
}
