import { preCommit } from "../../api/precommit.js";
import { hints } from "../../messages.js";
import { renderFindings } from "../render.js";
import type { Command } from "../types.js";

export const preCommitCommand: Command = {
  name: "pre-commit",
  maxPositionals: 0,
  async run({ global }) {
    const report = await preCommit({ cwd: global.cwd, ...(global.config ? { configFile: global.config } : {}) });
    return {
      report,
      // A clean commit stays silent: nobody should notice the hook.
      render: (chalk) => {
        if (report.findings.length === 0 && report.stowed.length === 0 && !report.notes?.length) return "";
        const text = renderFindings(report, chalk, "staged");
        return report.summary.blocked ? `${text}\n${chalk.dim(hints.skip)}` : text;
      },
    };
  },
};
