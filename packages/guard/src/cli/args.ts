import { parseArgs } from "node:util";
import { BallastError } from "../errors.js";
import { BIN, cliWords } from "../messages.js";
import { shellQuote } from "../util/shell.js";
import type { OptionSpec } from "./types.js";

export interface ArgsCheck {
  /** The command's name; undefined for options given before any command. */
  command: string | undefined;
  options: OptionSpec;
  /** argv without the command's name. */
  args: string[];
  /** How many positional arguments the command takes (default: any number). */
  maxPositionals?: number;
}

/**
 * Check argv against a command's options before parseArgs sees it, so every mistake is
 * answered in ballast's words with exit 2 (parseArgs's own text talks about "positional
 * arguments" and quoting, which helps nobody who typed `--forse`), with the command line
 * corrected when one spelling is close. Help and suggestions load only for a mistake.
 */
export async function checkArgs({ command, options, args, maxPositionals }: ArgsCheck): Promise<void> {
  const { tokens } = parseArgs({ args, options, strict: false, allowPositionals: true, tokens: true });
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === "positional") positionals.push(token.value);
    if (token.kind !== "option") continue;
    const spec = options[token.name];
    if (!spec) {
      const { closest, orList } = await import("./suggest.js");
      const names = Object.entries(options).flatMap(([name, o]) => [`--${name}`, ...(o.short ? [`-${o.short}`] : [])]);
      const guesses = closest(token.rawName, names);
      const fix = guesses.length === 1 ? corrected(command, args, token.index, token.rawName, guesses[0]!) : cliWords.help(command);
      throw new BallastError("BAD_ARGUMENTS", cliWords.unknownOption(token.rawName, command, orList(guesses)), { fix });
    }
    const missing = spec.type === "string" && (token.value === undefined || (!token.inlineValue && token.value.startsWith("-")));
    if (missing) {
      const { optionSynopsis } = await import("./help.js");
      const synopsis = optionSynopsis(command, token.name) ?? `--${token.name} VALUE`;
      throw new BallastError("BAD_ARGUMENTS", cliWords.missingValue(synopsis, token.value), { fix: cliWords.help(command) });
    }
    if (spec.type === "boolean" && token.value !== undefined) {
      throw new BallastError("BAD_ARGUMENTS", cliWords.noValue(token.rawName, token.value), { fix: cliWords.help(command) });
    }
  }
  if (command && maxPositionals !== undefined && positionals.length > maxPositionals) {
    const { HELP } = await import("./help.js");
    const extra = positionals.slice(maxPositionals);
    const message = maxPositionals === 0 ? cliWords.noArguments(command, extra) : cliWords.tooManyArguments(HELP[command]?.usage ?? command, extra);
    // `ballast scan origin/main..HEAD` meant the range option.
    const range = options.range && extra.length === 1 && extra[0]!.includes("..");
    const fix = range ? `${BIN} ${command} --range ${shellQuote(extra[0]!)}` : cliWords.help(command);
    throw new BallastError("BAD_ARGUMENTS", message, { fix });
  }
}

/** `npx ballast verify ARGS` for `ballast verfiy ARGS`: the line as typed, one word changed. */
export function correctedCommand(argv: string[], at: number, right: string): string {
  return [BIN, ...argv.map((word, i) => (i === at ? right : word)).map(shellQuote)].join(" ");
}

/** The command line as typed, with one option replaced by its likely spelling. */
function corrected(command: string | undefined, args: string[], index: number, wrong: string, right: string): string {
  const word = args[index]!;
  const fixed = word.startsWith(`${wrong}=`) ? `${right}${word.slice(wrong.length)}` : word === wrong ? right : undefined;
  // A short option inside a group (-qx) has no word of its own to replace.
  if (fixed === undefined) return cliWords.help(command);
  const words = args.map((w, i) => (i === index ? fixed : w));
  return [BIN, ...(command ? [command] : []), ...words.map(shellQuote)].join(" ");
}
