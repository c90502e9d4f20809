import { BIN } from "./findings.js";

/** The command line itself: mistyped commands and options, answered as git and npm do. */
export const cliWords = {
  unknownCommand: (name: string, guesses: string) => `unknown command "${name}"${guesses ? `: did you mean ${guesses}?` : ""}`,
  unknownOption: (option: string, command: string | undefined, guesses: string) =>
    `unknown option ${option}${command ? ` for ballast ${command}` : ""}${guesses ? `: did you mean ${guesses}?` : ""}`,
  missingValue: (synopsis: string, next?: string) => `${synopsis.split(" ")[0]} needs a value${next ? ` (it is followed by ${next})` : ""}: ${synopsis}`,
  noValue: (option: string, value: string) => `${option} takes no value, but was given "${value}"`,
  noArguments: (command: string, given: string[]) =>
    `${command} takes no arguments, but was given ${given.map((g) => JSON.stringify(g)).join(" ")}`,
  tooManyArguments: (usage: string, given: string[]) => `too many arguments (${given.map((g) => JSON.stringify(g)).join(" ")}): ${usage}`,
  help: (command?: string) => (command ? `${BIN} help ${command}` : `${BIN} help`),
  /** Not a BallastError: a bug, shown whole, and the run fails closed. */
  internal: (stack: string) => `internal error: ${stack}`,
  diskFull: "the disk is full: the command stopped before it finished",
  runAgain: "run the same command again",
  internalFix: "this is a bug in ballast; the commit or push was stopped to be safe. To skip once: BALLAST_SKIP=1",
  badFormat: (format: string) => `--format must be pretty, json, sarif or github, not "${format}"`,
};

/** `--format github`: workflow commands for the run's annotations, and the step summary. */
export const githubWords = {
  counts: ({ summary }: { summary: { errors: number; warnings: number; checked: number } }) => {
    const { errors, warnings, checked } = summary;
    const counts = `${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"} in ${checked} file${checked === 1 ? "" : "s"} checked`;
    if (errors > 0) return `ballast blocked this: ${counts}`;
    return warnings > 0 ? `ballast: ${counts}` : `ballast: ${counts}, nothing to stop`;
  },
  columns: ["rule", "file", "what", "fix"],
  severity: (severity: "error" | "warning") => (severity === "error" ? "❌ error" : "⚠️ warning"),
  inCommit: (commit: string) => `(in commit ${commit.slice(0, 12)})`,
  fix: (command: string) => `fix: ${command}`,
  more: (count: number) => `… and ${count} more (this run's log has each one, or run the same scan with --format json)`,
  summaryFailed: (why: string) => `the step summary could not be written (${why}); this run's log has every finding`,
  hidden: (severity: "error" | "warning", count: number, shown: number, summary: boolean) =>
    `GitHub shows ${shown} ${severity} annotations per step: ${count} more ${severity}${count === 1 ? " is" : "s are"} in ${summary ? "the step summary and in " : ""}this run's log`,
};
