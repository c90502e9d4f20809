import { BATCH_COMMAND_ARGS, CHECK_ATTR_CACHED_ARGS, CHECK_ATTR_PRIME, STAGED_DIFF_ARGS, WHOLE_OUTPUT_ENV } from "./args.js";
import { startEarly } from "./early.js";
import { discoverRepo } from "./repo.js";

/**
 * The pre-commit hook's three git processes, started before the rest of ballast loads:
 * git then reads the index while Node compiles, instead of after it. Only where the
 * repository is found from the filesystem (git/repo.ts discoverRepo); anything else, or a
 * process nobody ends up using, costs nothing but a killed git.
 */
export function startStagedReads(folder: string, env: NodeJS.ProcessEnv): void {
  const repo = discoverRepo(folder, env);
  if (!repo) return;
  startEarly(
    [
      { args: STAGED_DIFF_ARGS, stdin: false },
      { args: BATCH_COMMAND_ARGS, stdin: true },
      { args: CHECK_ATTR_CACHED_ARGS, stdin: true, prime: CHECK_ATTR_PRIME, env: WHOLE_OUTPUT_ENV },
    ],
    repo.root,
  );
}
