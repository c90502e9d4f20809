import type { ChalkInstance } from "chalk";
import type { Report } from "../report/types.js";

export type Format = "pretty" | "json" | "sarif" | "github";

/** Options every command takes (SPEC: --cwd, --config, --format, --json, --quiet). */
export interface GlobalOptions {
  cwd: string;
  config?: string;
  format: Format;
  quiet: boolean;
}

/** What a command hands back to the CLI: a report, and how to show it to people. */
export interface CommandResult {
  report: Report;
  /** Pretty output; the default lists findings grouped by rule. */
  render?: (chalk: ChalkInstance) => string;
  /** Overrides the exit code derived from `report.summary.blocked`. */
  exitCode?: number;
  /** Pretty output goes to stderr (a server hook: git relays it to the pusher as `remote:` lines). */
  toStderr?: boolean;
}

export interface CommandIO {
  /** Progress and notes for people; silent when stderr is not a terminal. */
  progress: (message: string) => void;
  stdin: NodeJS.ReadableStream;
  /** True when stderr is a terminal (progress bars are shown). */
  interactive: boolean;
}

export type OptionSpec = Record<string, { type: "string" | "boolean"; short?: string; multiple?: boolean }>;

export interface Command {
  name: string;
  /** Help text lives in cli/help.ts; these are read only for a command that has none there. */
  summary?: string;
  usage?: string;
  options?: OptionSpec;
  /** How many positional arguments it takes (default: any number, such as paths). */
  maxPositionals?: number;
  run(args: { positionals: string[]; values: Record<string, unknown>; global: GlobalOptions; io: CommandIO }): Promise<CommandResult>;
}
