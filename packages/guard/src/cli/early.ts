import path from "node:path";
import { startStagedReads } from "../git/hook-start.js";
import { commandIndex, optionValue } from "./argv.js";

/**
 * Before the rest of ballast loads: a plain `ballast pre-commit` (nothing skipped, no help
 * asked for) has git start reading the index now (git/hook-start.ts). Reading argv is the
 * CLI's part; which processes, and how they are handed over, is git/'s.
 */
export function startHookEarly(argv: string[], env: NodeJS.ProcessEnv, cwd: string): void {
  const at = commandIndex(argv);
  if (at < 0 || argv[at] !== "pre-commit") return;
  if ((env.BALLAST_SKIP && env.BALLAST_SKIP !== "0") || argv.some((a) => a === "-h" || a === "--help" || a === "-v" || a === "--version")) return;
  startStagedReads(path.resolve(cwd, optionValue(argv, "--cwd") ?? "."), env);
}
