#!/usr/bin/env node
import { main } from "./cli/main.js";

// The only place that ends the process. A crash anywhere must never pass a hook silently.
process.on("unhandledRejection", (error) => {
  process.stderr.write(`ballast: internal error: ${String((error as Error)?.stack ?? error)}\n`);
  process.exit(2);
});

main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`ballast: internal error: ${String((error as Error)?.stack ?? error)}\n`);
    process.exitCode = 2;
  },
);
