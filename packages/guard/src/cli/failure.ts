import type { ChalkInstance } from "chalk";
import { ConfigError } from "../api/context.js";
import { isBallastError } from "../errors.js";
import { githubFailure } from "./github.js";
import type { Format } from "./types.js";

/**
 * What went wrong, as exit 2: one line of cause, each config problem on its own line
 * (a file that cannot be parsed as `file:line:column`, as compilers print it), then the fix.
 */
export function failure(error: unknown, out: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; chalk: ChalkInstance; format: Format }): number {
  const { chalk } = out;
  const known = isBallastError(error);
  const message = known ? error.message : `internal error: ${(error as Error)?.stack ?? String(error)}`;
  const fix = known ? error.fix : "this is a bug in ballast; the commit or push was stopped to be safe. To skip once: BALLAST_SKIP=1";
  const problems = error instanceof ConfigError ? error.problems : [];
  if (out.format === "github") out.stdout.write(githubFailure(message, fix));
  else if (out.format !== "pretty") {
    const payload = { version: 1, error: { code: known ? error.code : "INTERNAL", message, fix, problems } };
    out.stdout.write(`${JSON.stringify(payload, null, 2)}\n`);
  }
  const lines = [`${chalk.red.bold("ballast:")} ${message}`];
  for (const p of problems) {
    // file:line:column is what terminals and editors open; the message then need not repeat it.
    const where = p.line ? `${p.file}:${p.line}:${p.column ?? 1}` : p.file;
    const text = p.line ? p.message.replace(/ at line \d+, column \d+| \(line \d+, column \d+\)/, "") : p.message;
    lines.push(`  ${chalk.red("✖")} ${where}: ${p.key === "(file)" ? "" : `${chalk.bold(p.key)} `}${text}`);
  }
  if (fix) lines.push(`  ${chalk.dim("fix:")} ${chalk.cyan(fix)}`);
  out.stderr.write(`${lines.join("\n")}\n`);
  return 2;
}
