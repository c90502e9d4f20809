#!/usr/bin/env node
import { startHookEarly } from "./cli/early.js";
import { discardEarly } from "./git/exec.js";

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

// A hook's git processes start first, then the rest of ballast loads while git works.
startHookEarly(process.argv.slice(2), process.env, process.cwd());
const { main } = await import("./cli/main.js");

main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
}).then(
  (code) => {
    settled = true;
    discardEarly();
    process.exitCode = code;
  },
  (error: unknown) => {
    settled = true;
    discardEarly();
    process.stderr.write(`ballast: internal error: ${String((error as Error)?.stack ?? error)}\n`);
    process.exitCode = 2;
  },
);
