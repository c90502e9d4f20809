import { parseArgs } from "node:util";
import type { ChalkInstance } from "chalk";
import { ConfigError } from "../api/context.js";
import { BallastError, isBallastError } from "../errors.js";
import { commandIndex } from "./argv.js";
import { githubFailure, writeGithub } from "./github.js";
import { renderFindings } from "./render.js";
import { drain } from "./stdin.js";
import type { Command, CommandIO, Format, GlobalOptions, OptionSpec } from "./types.js";

declare const __BALLAST_VERSION__: string;
const VERSION = typeof __BALLAST_VERSION__ === "string" ? __BALLAST_VERSION__ : "0.0.0-dev";

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

/** Hook commands that BALLAST_SKIP=1 turns off, as husky's HUSKY=0 does. */
const HOOKS = new Set(["pre-commit", "pre-push"]);

/**
 * The commands a hook runs load only their own code (the bundle splits at these
 * imports): every commit pays for what it loads, and a commit needs neither `init`,
 * the S3 SDK nor the help text. Every other command loads the full list.
 */
const HOOK_COMMANDS: Record<string, () => Promise<Command>> = {
  "pre-commit": async () => (await import("./commands/pre-commit.js")).preCommitCommand,
  "pre-push": async () => (await import("./commands/pre-push.js")).prePushCommand,
  check: async () => (await import("./commands/check.js")).checkCommand,
};

async function allCommands(): Promise<Command[]> {
  return (await import("./commands/index.js")).commands;
}

async function findCommand(name: string | undefined): Promise<Command | undefined> {
  if (!name) return undefined;
  const hook = HOOK_COMMANDS[name];
  return hook ? hook() : (await allCommands()).find((c) => c.name === name);
}

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
  let format: Format = argv.includes("--json") ? "json" : "pretty";
  try {
    if (!name && (argv.includes("--version") || argv.includes("-v"))) return write(io.stdout, `${VERSION}\n`, 0);
    const command = await findCommand(name);
    if (!name || !command) {
      if (argv.includes("--version") || argv.includes("-v")) return write(io.stdout, `${VERSION}\n`, 0);
      if (!name || argv.includes("--help") || argv.includes("-h")) return write(io.stdout, usage(await allCommands()), name ? 0 : argv.length ? 0 : 2);
      throw new BallastError("BAD_ARGUMENTS", `unknown command "${name}"`, { fix: "npx ballast --help" });
    }
    const parsed = parse(command.options ?? {}, argv.filter((_, i) => i !== at));
    if (parsed.values.help) return write(io.stdout, `usage: ${command.usage}\n\n${command.summary}\n`, 0);
    const global = globalOptions(parsed.values, io.cwd);
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
    return failure(error, { io, chalk: await makeChalk(io).catch(() => plainChalk), format });
  }
}

function parse(options: OptionSpec, args: string[]) {
  try {
    return parseArgs({ args, options: { ...GLOBAL_OPTIONS, ...options }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new BallastError("BAD_ARGUMENTS", (error as Error).message.split("\n")[0]!, { fix: "npx ballast --help" });
  }
}

function globalOptions(values: Record<string, unknown>, cwd: string): GlobalOptions {
  const format = values.json ? "json" : ((values.format as string | undefined) ?? "pretty");
  if (!["pretty", "json", "sarif", "github"].includes(format)) {
    throw new BallastError("BAD_ARGUMENTS", `--format must be pretty, json, sarif or github, not "${format}"`, { fix: "npx ballast --help" });
  }
  return {
    cwd: (values.cwd as string | undefined) ?? cwd,
    ...(values.config ? { config: values.config as string } : {}),
    format: format as Format,
    quiet: Boolean(values.quiet),
  };
}

function failure(error: unknown, { io, chalk, format }: { io: MainIO; chalk: ChalkInstance; format: Format }): number {
  const known = isBallastError(error);
  const message = known ? error.message : `internal error: ${(error as Error)?.stack ?? String(error)}`;
  const fix = known ? error.fix : "this is a bug in ballast; the commit or push was stopped to be safe. To skip once: BALLAST_SKIP=1";
  const problems = error instanceof ConfigError ? error.problems : [];
  if (format === "github") io.stdout.write(githubFailure(message, fix));
  else if (format !== "pretty") {
    const payload = { version: 1, error: { code: known ? error.code : "INTERNAL", message, fix, problems } };
    io.stdout.write(`${JSON.stringify(payload, null, 2)}\n`);
  }
  const lines = [`${chalk.red.bold("ballast:")} ${message}`];
  for (const p of problems) lines.push(`  ${chalk.red("✖")} ${p.file}: ${chalk.bold(p.key)} ${p.message}`);
  if (fix) lines.push(`  ${chalk.dim("fix:")} ${chalk.cyan(fix)}`);
  io.stderr.write(`${lines.join("\n")}\n`);
  return 2;
}

function usage(commands: Command[]): string {
  const width = Math.max(...commands.map((c) => c.usage.length));
  const rows = commands.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`);
  return [
    `ballast ${VERSION}: keep the heavy stuff out of git`,
    "",
    "usage: ballast <command> [options]",
    "",
    ...rows,
    "",
    "options: --cwd DIR  --config FILE  --format pretty|json|sarif|github  --json  --quiet",
    "exit codes: 0 nothing blocks, 1 a finding blocks, 2 something else went wrong",
    "skip a hook once: BALLAST_SKIP=1 git commit ... (or git commit --no-verify)",
    "",
  ].join("\n");
}

async function makeChalk(io: MainIO): Promise<ChalkInstance> {
  const { Chalk, supportsColorStderr } = await import("chalk");
  // Colour follows chalk's own rules (NO_COLOR, FORCE_COLOR, a TTY) for the stream we write to.
  const level = supportsColorStderr ? supportsColorStderr.level : 0;
  return new Chalk({ level: io.stderr.isTTY || io.env.FORCE_COLOR ? level : 0 });
}

/** chalk at level 0 without loading chalk: every style (chained or called) returns its text. */
const plainChalk: ChalkInstance = new Proxy(() => {}, {
  // Not a thenable: it may be the value a promise resolves to.
  get: (_target, key) => (key === "level" ? 0 : key === "then" ? undefined : plainChalk),
  apply: (_target, _this, args: unknown[]) => args.join(" "),
}) as unknown as ChalkInstance;

function write(stream: NodeJS.WritableStream, text: string, code: number): number {
  stream.write(text);
  return code;
}
