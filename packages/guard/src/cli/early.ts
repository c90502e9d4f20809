import path from "node:path";
import { BATCH_COMMAND_ARGS, CHECK_ATTR_CACHED_ARGS, CHECK_ATTR_PRIME, STAGED_DIFF_ARGS } from "../git/args.js";
import { startEarly, type Early } from "../git/exec.js";
import { discoverRepo } from "../git/repo.js";
import { commandIndex, optionValue } from "./argv.js";

/**
 * The pre-commit hook's three git processes, started before the rest of ballast loads:
 * git then reads the index while Node compiles, instead of after it. Only in the plain
 * case (the repository found from the filesystem, nothing skipped, no help asked for);
 * anything else, or a process nobody ends up using, costs nothing but a killed git.
 */
export function startHookEarly(argv: string[], env: NodeJS.ProcessEnv, cwd: string): Early[] {
  const at = commandIndex(argv);
  if (at < 0 || argv[at] !== "pre-commit") return [];
  if ((env.BALLAST_SKIP && env.BALLAST_SKIP !== "0") || argv.some((a) => a === "-h" || a === "--help" || a === "-v" || a === "--version")) return [];
  const repo = discoverRepo(path.resolve(cwd, optionValue(argv, "--cwd") ?? "."), env);
  if (!repo) return [];
  return startEarly(
    [
      { args: STAGED_DIFF_ARGS, stdin: false },
      { args: BATCH_COMMAND_ARGS, stdin: true },
      { args: CHECK_ATTR_CACHED_ARGS, stdin: true, prime: CHECK_ATTR_PRIME },
    ],
    repo.root,
  );
}
