/** Finding a command by its name, or saying which one was meant. */
import { BallastError } from "../errors.js";
import { cliWords } from "../messages.js";
import { correctedCommand } from "./args.js";
import type { Command } from "./types.js";

/**
 * The commands a hook or CI runs on every commit and push evaluate only their own code:
 * each run pays for what it loads, and none needs `init`, the S3 SDK or the help text
 * (evaluating the full list costs ~8 ms, picomatch for `init` alone ~5 ms). Every other
 * command loads the full list.
 */
const HOOK_COMMANDS: Record<string, () => Promise<Command>> = {
  "pre-commit": async () => (await import("./commands/pre-commit.js")).preCommitCommand,
  "pre-push": async () => (await import("./commands/pre-push.js")).prePushCommand,
  check: async () => (await import("./commands/check.js")).checkCommand,
  receive: async () => (await import("./commands/receive.js")).receiveCommand,
  scan: async () => (await import("./commands/scan.js")).scanCommand,
};

async function allCommands(): Promise<Command[]> {
  return (await import("./commands/index.js")).commands;
}

export async function findCommand(name: string | undefined): Promise<Command | undefined> {
  if (!name) return undefined;
  const hook = HOOK_COMMANDS[name];
  return hook ? hook() : (await allCommands()).find((c) => c.name === name);
}

/** `ballast help [CMD]` and `ballast CMD --help`: the command's help, or all of them. */
export async function help(name: string | undefined, argv: string[], at: number, version: string): Promise<string> {
  const { HELP, commandHelp, generalHelp } = await import("./help.js");
  if (!name || name === "help") return generalHelp(version);
  if (HELP[name]) return commandHelp(name);
  const command = await findCommand(name);
  if (command) return `usage: ${command.usage ?? `ballast ${name}`}\n\n${command.summary ?? ""}\n`;
  throw await unknownCommand(argv, argv[at] === "help" ? argv.indexOf(name, at + 1) : at);
}

/** `unknown command "verfiy": did you mean "verify"?`, with the line corrected as the fix. */
export async function unknownCommand(argv: string[], at: number): Promise<BallastError> {
  const { closest, orList } = await import("./suggest.js");
  const names = ["help", ...(await allCommands()).map((c) => c.name)];
  const guesses = closest(argv[at]!, names);
  const fix = guesses.length === 1 ? correctedCommand(argv, at, guesses[0]!) : cliWords.help();
  return new BallastError("BAD_ARGUMENTS", cliWords.unknownCommand(argv[at]!, orList(guesses.map((g) => `"${g}"`))), { fix });
}
