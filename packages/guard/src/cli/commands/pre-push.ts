import { checkPush } from "../../api/prepush.js";
import { BallastError } from "../../errors.js";
import { pushWords, rangeFixes, rangeMessages } from "../../messages.js";
import { drain } from "../stdin.js";
import { renderFindings } from "../render.js";
import type { Command } from "../types.js";

export const prePushCommand: Command = {
  name: "pre-push",
  maxPositionals: 2,
  async run({ positionals, global, io }) {
    // Read every line git sends, first and whatever happens next: a hook that stops
    // reading makes git push fail with SIGPIPE (exit 141) once there are many refs.
    if ((io.stdin as { isTTY?: boolean }).isTTY) {
      throw new BallastError("BAD_ARGUMENTS", rangeMessages.stdinIsTerminal, { fix: rangeFixes.prePushStdin });
    }
    const input = await drain(io.stdin);
    const [remote, url] = positionals;
    if (!remote) throw new BallastError("BAD_ARGUMENTS", rangeMessages.noRemote, { fix: rangeFixes.prePushStdin });
    const report = await checkPush({
      cwd: global.cwd,
      ...(global.config ? { configFile: global.config } : {}),
      remote,
      ...(url ? { url } : {}),
      updates: input,
      onProgress: io.progress,
    });
    return {
      report,
      render: (chalk) => {
        if (report.findings.length === 0 && !report.notes?.length) return "";
        const text = renderFindings(report, chalk, "pushed");
        if (!report.summary.blocked) return text;
        const errors = report.findings.filter((f) => f.severity === "error");
        const fixes = [...new Set(errors.flatMap((f) => (f.fix ? [f.fix] : [])))];
        const next = pushWords.next(fixes, errors.some((f) => !f.fix));
        return `${text}\n${chalk.bold(next)}\n${chalk.dim(rangeMessages.skipPush)}`;
      },
    };
  },
};
