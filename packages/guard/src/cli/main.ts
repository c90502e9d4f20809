import path from "node:path";
import { parseArgs } from "node:util";
import type { ChalkInstance } from "chalk";
import { BallastError } from "../errors.js";
import { absoluteGitPaths } from "../git/env-paths.js";
import { cliWords, fixes } from "../messages.js";
import { checkArgs } from "./args.js";
import { commandIndex } from "./argv.js";
import { writeGithub } from "./github.js";
import { makeChalk, plainChalk } from "./chalk.js";
import { failure } from "./failure.js";
import { findCommand, help, unknownCommand } from "./lookup.js";
import { renderFindings } from "./render.js";
import { drain } from "./stdin.js";
import type { CommandIO, Format, GlobalOptions, OptionSpec } from "./types.js";

declare const __BALLAST_VERSION__: string;
export const VERSION = typeof __BALLAST_VERSION__ === "string" ? __BALLAST_VERSION__ : "0.0.0-dev";

const GLOBAL_OPTIONS: OptionSpec = {
  cwd: { type: "string" },
  config: { type: "string" },
  format: { type: "string" },
  json: { type: "boolean" },
  quiet: { type: "boolean", short: "q" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
  color: { type: "boolean" },
  "no-color": { type: "boolean" },
};

/** Hook commands that BALLAST_SKIP=1 turns off, as husky's HUSKY=0 does (check: what lint-staged runs in the hook). */
const HOOKS = new Set(["pre-commit", "pre-push", "check"]);

export interface MainIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/**
 * Run the CLI and return the exit code: 0 nothing blocks, 1 a finding blocks, 2 anything
 * else went wrong. It never exits the process itself; bin.ts does.
 */
export async function main(argv: string[], io: MainIO): Promise<number> {
  const at = commandIndex(argv);
  const name = at < 0 ? undefined : argv[at];
  const args = argv.filter((_, i) => i !== at);
  let format: Format = argv.includes("--json") ? "json" : "pretty";
  let cwd = io.cwd;
  try {
    if (!name) {
      if (asks(argv, "--version", "-v")) return write(io.stdout, `${VERSION}\n`, 0);
      if (asks(argv, "--help", "-h")) return write(io.stdout, (await import("./help.js")).generalHelp(VERSION), 0);
      await checkArgs({ command: undefined, options: GLOBAL_OPTIONS, args: argv });
      return write(io.stdout, (await import("./help.js")).generalHelp(VERSION), 2);
    }
    if (name === "help" || asks(args, "--help", "-h")) return write(io.stdout, await help(name === "help" ? args.find((a) => !a.startsWith("-")) : name, argv, at, VERSION), 0);
    const command = await findCommand(name);
    if (!command) throw await unknownCommand(argv, at);
    const options = { ...GLOBAL_OPTIONS, ...command.options };
    await checkArgs({ command: name, options, args, ...(command.maxPositionals !== undefined ? { maxPositionals: command.maxPositionals } : {}) });
    const parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
    const global = globalOptions(parsed.values, io.cwd, name);
    cwd = path.resolve(io.cwd, global.cwd);
    absoluteGitPaths(io.env, cwd);
    format = global.format;
    if (HOOKS.has(command.name) && io.env.BALLAST_SKIP && io.env.BALLAST_SKIP !== "0") {
      if (command.name === "pre-push") await drain(io.stdin);
      if (!global.quiet) io.stderr.write((await makeChalk(io)).yellow(`ballast: ${command.name} skipped (BALLAST_SKIP is set)\n`));
      return 0;
    }
    const commandIO: CommandIO = {
      get stdin() {
        return io.stdin;
      },
      interactive: Boolean(io.stderr.isTTY) && !global.quiet && format === "pretty",
      progress: (message) => {
        if (io.stderr.isTTY && !global.quiet) io.stderr.write(message);
      },
    };
    const result = await command.run({ positionals: parsed.positionals, values: parsed.values, global, io: commandIO });
    const code = result.exitCode ?? (result.report.summary.blocked ? 1 : 0);
    if (format === "json") io.stdout.write(`${JSON.stringify(result.report, null, 2)}\n`);
    else if (format === "sarif") {
      const { renderSarif } = await import("./sarif.js");
      io.stdout.write(`${JSON.stringify(renderSarif(result.report, VERSION), null, 2)}\n`);
    } else if (format === "github") {
      await writeGithub(result.report, io);
    } else if (!global.quiet || code !== 0) {
      const render = (chalk: ChalkInstance) => (result.render ? result.render(chalk) : renderFindings(result.report, chalk));
      // A clean hook prints nothing: find that out without loading chalk, then colour
      // only what is really printed.
      if (render(plainChalk)) (result.toStderr ? io.stderr : io.stdout).write(`${render(await makeChalk(io))}\n`);
    }
    return code;
  } catch (error) {
    // A damaged repository's fix depends on whether a remote can send the objects again.
    const fitted = error instanceof BallastError && error.fix === fixes.damagedHistory ? await (await import("../fix/damaged.js")).fitDamagedFix(error, cwd) : error;
    return failure(fitted, { ...io, chalk: await makeChalk(io).catch(() => plainChalk), format });
  }
}

/** An option given before `--` (after it, `--help` is a file name). */
function asks(args: string[], ...flags: string[]): boolean {
  const end = args.indexOf("--");
  return (end < 0 ? args : args.slice(0, end)).some((a) => flags.includes(a));
}

function globalOptions(values: Record<string, unknown>, cwd: string, command: string): GlobalOptions {
  const format = values.json ? "json" : ((values.format as string | undefined) ?? "pretty");
  if (!["pretty", "json", "sarif", "github"].includes(format)) {
    throw new BallastError("BAD_ARGUMENTS", cliWords.badFormat(format), { fix: cliWords.help(command) });
  }
  return {
    cwd: (values.cwd as string | undefined) ?? cwd,
    ...(values.config ? { config: values.config as string } : {}),
    format: format as Format,
    quiet: Boolean(values.quiet),
  };
}

function write(stream: NodeJS.WritableStream, text: string, code: number): number {
  stream.write(text);
  return code;
}
