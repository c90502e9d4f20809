import type { ConfigProblem } from "@ballast/config";
import { BIN } from "./findings.js";

/**
 * A config problem as every command prints it: "file: key message", or, for a file that
 * cannot be parsed (it has no keys yet), "file:line:column: message", which terminals
 * and editors open. `bold` colours the key (the CLI passes its chalk).
 */
export function configProblem(p: ConfigProblem, bold: (key: string) => string = (key) => key): string {
  const where = p.line ? `${p.file}:${p.line}:${p.column ?? 1}` : p.file;
  // The place is in `where`; the message need not repeat it.
  const text = p.line ? p.message.replace(/ at line \d+, column \d+| \(line \d+, column \d+\)/, "") : p.message;
  return `${where}: ${p.key === "(file)" ? "" : `${bold(p.key)} `}${text}`;
}

/** A config warning under a report (check, pre-push, scan, verify, receive). */
export function configNote(p: ConfigProblem): string {
  return `config: ${configProblem(p)}`;
}

/** A config that cannot be used, from a file or from a repository's history (a bare repository, receive). */
export const configWords = {
  /** A config that cannot be used (ConfigError): its problems follow, one a line. */
  invalid: (file: string | undefined, count: number) => `the config${file ? ` in ${file}` : ""} has ${count} problem${count === 1 ? "" : "s"}`,
  /** A file that cannot be parsed has no keys yet: its place is what to fix. */
  fix: (problems: Array<{ key: string; line?: number }>) =>
    problems.every((p) => p.line !== undefined)
      ? `fix the file at the line and column named above, then run: ${BIN} doctor`
      : `fix the key${problems.length === 1 ? "" : "s"} named above, then run: ${BIN} doctor`,
  tooLarge: (file: string, size: number) => `${file} is ${size} bytes: too large to be a config file`,
  tooLargeFix: "commit a smaller config, or pass one with --config FILE",
  committedCode: (file: string) =>
    `${file} is code, and ballast receive does not run a repository's code on the server unless told to (it would run with the hook's rights)`,
  committedCodeFix:
    "pin the policy on the server (ballast receive --config /srv/ballast.json), commit it as ballast.config.json, or, where every pusher may run code on this server: ballast receive --trust-code-config",
};

