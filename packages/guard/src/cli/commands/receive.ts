import { formatSize } from "@ballast/config";
import type { ChalkInstance } from "chalk";
import { checkReceive } from "../../api/receive.js";
import { BallastError } from "../../errors.js";
import { receiveWords } from "../../messages.js";
import type { Report } from "../../report/types.js";
import { drain } from "../stdin.js";
import { displayPath } from "../render.js";
import type { Command } from "../types.js";

/** The pusher reads these through git's sideband: the first few findings say enough. */
const MAX_LISTED = 30;

export const receiveCommand: Command = {
  name: "receive",
  summary: "server hook entry (pre-receive): judge every blob a push brings, with the server's policy (docs/server.md)",
  // --trust-code-config (run a config committed as .mjs/.js/.ts) is in docs/server.md.
  usage: "ballast receive [--config FILE]",
  options: { "trust-code-config": { type: "boolean" } },
  async run({ values, global, io }) {
    if ((io.stdin as { isTTY?: boolean }).isTTY) {
      throw new BallastError("BAD_ARGUMENTS", receiveWords.stdinIsTerminal, { fix: receiveWords.stdinFix });
    }
    // Every line first: git waits for the hook to read them all, and judges the push as one.
    const input = await drain(io.stdin);
    const report = await checkReceive({
      cwd: global.cwd,
      ...(global.config ? { configFile: global.config } : {}),
      updates: input,
      ...(values["trust-code-config"] ? { trustCodeConfig: true } : {}),
    });
    return { report, toStderr: true, render: (chalk) => renderReceive(report, chalk) };
  },
};

/** Short lines for `remote:`: each finding's path and rule, what is wrong, the pusher's fix. */
function renderReceive(report: Report, chalk: ChalkInstance): string {
  const lines: string[] = [];
  const { errors, warnings } = report.summary;
  if (errors > 0) lines.push(chalk.red.bold(receiveWords.refused(errors)));
  else if (warnings > 0) lines.push(chalk.yellow(receiveWords.warned(warnings)));
  const listed = [...report.findings].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1));
  for (const f of listed.slice(0, MAX_LISTED)) {
    const details = [f.rule, ...(f.size !== undefined ? [formatSize(f.size)] : []), ...(f.commit ? [receiveWords.inCommit(f.commit)] : [])];
    const mark = f.severity === "error" ? chalk.red("✖") : chalk.yellow("⚠");
    lines.push(`${mark} ${chalk.bold(receiveWords.finding(displayPath(f.path), details))}`, `  ${f.message}`);
    if (f.fix) lines.push(`  ${chalk.dim("fix:")} ${chalk.cyan(f.fix)}`);
  }
  if (listed.length > MAX_LISTED) lines.push(receiveWords.more(listed.length - MAX_LISTED));
  if (errors > 0) lines.push(receiveWords.pushAgain);
  for (const note of report.notes ?? []) lines.push(chalk.dim(note));
  return lines.join("\n");
}
