import type { SimpleGit } from "simple-git";
import { describeCaller } from "../git/caller.js";
import { withCallerGit } from "../git/runner.js";
import { audit } from "./audit.js";
import { checkPaths, checkStaged } from "./check.js";
import { doctor } from "./doctor.js";
import { init } from "./init.js";
import { migrate } from "./migrate.js";
import { preCommit } from "./precommit.js";
import { checkPush } from "./prepush.js";
import { pull } from "./pull.js";
import { push } from "./push.js";
import { checkRange } from "./scan.js";
import { status } from "./status.js";
import { stow } from "./stow.js";
import { verifyCheckout } from "./verify.js";

const API = { audit, checkPaths, checkPush, checkRange, checkStaged, doctor, init, migrate, preCommit, pull, push, status, stow, verifyCheckout };

/** The API, every call run with a caller's simple-git instance (see withGit). */
export type BallastWithGit = typeof API;

/**
 * ballast's checks for a tool that already drives git through simple-git: every function
 * of the API, run in the instance's folder (unless `cwd` is given) with its git.
 *
 *   const ballast = withGit(simpleGit(dir).env({ ...process.env, GIT_CONFIG_GLOBAL: file }));
 *   const report = await ballast.checkStaged();
 *
 * The cold questions (init, doctor, migrate's safety checks) run through the instance
 * itself. The git processes ballast must start itself (those fed on stdin, which
 * simple-git cannot do) run the instance's git program with its environment, in its
 * folder: see git/caller.ts for how each is found. Asked afresh on every call, so an
 * instance moved with `.cwd()` or given a new `.env()` is followed.
 */
export function withGit(instance: SimpleGit): BallastWithGit {
  const bind =
    <O extends { cwd?: string }, R>(run: (options: O) => Promise<R>) =>
    async (options?: O): Promise<R> => {
      const { git, cwd } = await describeCaller(instance);
      return withCallerGit(git, () => run({ cwd, ...options } as O));
    };
  // Each function keeps its own signature: only the git it runs with changes.
  const bound = Object.fromEntries(Object.entries(API).map(([name, run]) => [name, bind(run as (o: { cwd?: string }) => Promise<unknown>)]));
  return bound as unknown as BallastWithGit;
}
