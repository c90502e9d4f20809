import type { ChalkInstance } from "chalk";
import { ConfigError } from "../api/context.js";
import { BallastError, isBallastError } from "../errors.js";
import { isDiskFull } from "../util/io-error.js";
import { cliWords, configProblem, fileWords } from "../messages.js";
import { githubFailure } from "./github.js";
import type { Format } from "./types.js";

/**
 * What went wrong, as exit 2: one line of cause, each config problem on its own line
 * (a file that cannot be parsed as `file:line:column`, as compilers print it), then the fix.
 */
export function failure(thrown: unknown, out: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; chalk: ChalkInstance; format: Format }): number {
  const { chalk } = out;
  // A full disk is no bug, wherever it struck: its cause and the way out, in one line.
  const error =
    !isBallastError(thrown) && isDiskFull(thrown)
      ? new BallastError("IO", cliWords.diskFull, { fix: fileWords.diskFullFix((thrown as NodeJS.ErrnoException).path, cliWords.runAgain), cause: thrown })
      : thrown;
  const known = isBallastError(error);
  const message = known ? error.message : cliWords.internal((error as Error)?.stack ?? String(error));
  const fix = known ? error.fix : cliWords.internalFix;
  const problems = error instanceof ConfigError ? error.problems : [];
  if (out.format === "github") out.stdout.write(githubFailure(message, fix));
  else if (out.format !== "pretty") {
    const payload = { version: 1, error: { code: known ? error.code : "INTERNAL", message, fix, problems } };
    out.stdout.write(`${JSON.stringify(payload, null, 2)}\n`);
  }
  const lines = [`${chalk.red.bold("ballast:")} ${message}`];
  for (const p of problems) {
    lines.push(`  ${chalk.red("✖")} ${configProblem(p, chalk.bold)}`);
  }
  if (fix) lines.push(`  ${chalk.dim("fix:")} ${chalk.cyan(fix)}`);
  out.stderr.write(`${lines.join("\n")}\n`);
  return 2;
}
