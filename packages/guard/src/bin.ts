#!/usr/bin/env node
// Built as dist/bin.cjs (CommonJS: see tsup.config.ts); it loads dist/cli.cjs.
import path from "node:path";
import { loadBundle } from "./cli/code-cache.js";
import { commandIndex } from "./cli/argv.js";
import { startHookEarly } from "./cli/early.js";

declare const __dirname: string;

// The only place that ends the process. A crash anywhere must never pass a hook silently.
process.on("unhandledRejection", (error) => {
  process.stderr.write(`ballast: internal error: ${String((error as Error)?.stack ?? error)}\n`);
  process.exit(2);
});

// If main() never settles (a stream that never ends, a promise nobody resolves), Node
// exits when the event loop empties: that exit must fail closed, not pass the hook.
process.exitCode = 2;
process.on("exit", (code) => {
  if (code === 2 && !settled) process.stderr.write("ballast: stopped before finishing (an internal error); nothing was passed\n");
});
let settled = false;

const argv = process.argv.slice(2);
// A hook's git starts reading while the rest of ballast loads (git/hook-start.ts).
startHookEarly(argv, process.env, process.cwd());
const bundle = loadBundle<typeof import("./cli/entry.js")>(path.join(__dirname, "cli.cjs"), argv[commandIndex(argv)], (specifier) => import(specifier));
const { main } = bundle.exports;

main(argv, {
  stdout: process.stdout,
  stderr: process.stderr,
  // Only pre-push and receive read stdin: creating process.stdin loads Node's file
  // streams and readline, a cost every commit would pay for nothing.
  get stdin() {
    return process.stdin;
  },
  env: process.env,
  cwd: process.cwd(),
}).then(
  (code) => {
    settled = true;
    process.exitCode = code;
    bundle.save();
    lastWords();
  },
  (error: unknown) => {
    settled = true;
    process.stderr.write(`ballast: internal error: ${String((error as Error)?.stack ?? error)}\n`);
    process.exitCode = 2;
    lastWords();
  },
);

/**
 * The answer is given: Node exits once its output is flushed. Should anything still hold the
 * event loop (a child process left blocked on a pipe after an error), a hook must not hang
 * the commit forever: the exit comes at the latest after this grace. The timer itself holds
 * nothing (unref).
 */
function lastWords(): void {
  setTimeout(() => process.exit(), 10_000).unref();
}
