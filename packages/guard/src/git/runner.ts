import { AsyncLocalStorage } from "node:async_hooks";
import type { SimpleGit } from "simple-git";

/**
 * Whose git runs ballast's git: by default PATH's git with this process's environment;
 * inside withGit() (api/with-git.ts) a caller's simple-git instance, for the whole call
 * and everything it awaits, without a parameter threaded through every function.
 * node:async_hooks is part of Node's start-up snapshot: importing it costs a hook nothing.
 */
export interface CallerGit {
  /** The caller's instance: the cold commands' questions run through it (git/simple.ts). */
  instance: SimpleGit;
  /** The git program the instance runs, for the processes ballast starts itself. */
  binary: string;
  /** The instance's environment (simple-git's `.env()`), or this process's. */
  env: NodeJS.ProcessEnv;
}

const scope = new AsyncLocalStorage<CallerGit>();

/** The caller's git for the call in progress, or undefined (ballast's own). */
export function callerGit(): CallerGit | undefined {
  return scope.getStore();
}

/** Run `work` with every git process it starts, however deep, going to the caller's git. */
export function withCallerGit<T>(git: CallerGit, work: () => Promise<T>): Promise<T> {
  return scope.run(git, work);
}
