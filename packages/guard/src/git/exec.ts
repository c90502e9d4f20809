import type { ChildProcess } from "node:child_process";
import { BallastError } from "../errors.js";
import { gitWords } from "../messages.js";
import { takeEarly, type PrimedChild } from "./early.js";
import { callerGit } from "./runner.js";
import { forgetGit, gitEnv, startGit } from "./spawn.js";

/**
 * The one place ballast runs git. It runs git by absolute path (never a shell), keeps
 * git's own environment (inside a hook GIT_INDEX_FILE and GIT_DIR are set on purpose),
 * and asks for NUL-separated output wherever git offers it. The cold commands' questions
 * go through simple-git instead (git/simple.ts); everything here stays off it.
 */

export { findGit, gitOnPath } from "./spawn.js";

export interface GitOptions {
  cwd: string;
  /** Written to git's stdin, then stdin is closed. */
  input?: string | Buffer;
  /** Extra environment; git's own variables from the parent are kept. */
  env?: NodeJS.ProcessEnv;
  /** Exit codes that are answers, not failures (e.g. 1 for `git diff --quiet`). */
  okCodes?: number[];
  /**
   * `input` starts with this, and an early process (git/early.ts, with `prime`) may have
   * been sent it already: then only the rest is written.
   */
  primed?: string;
}

export interface GitResult {
  stdout: Buffer;
  stderr: string;
  code: number;
}

/** Run git to completion and collect its output. Throws GIT_FAILED on an unexpected exit code. */
export function git(args: string[], options: GitOptions): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawnGit(args, { cwd: options.cwd, env: options.env });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr!.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", (error) => reject(wrapSpawnError(error)));
    child.on("close", (code, signal) => {
      const result = { stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString("utf8"), code: code ?? 128 };
      if (code === 0 || (code !== null && options.okCodes?.includes(code))) resolve(result);
      else reject(gitFailed(args, result.stderr, signal ?? code));
    });
    child.stdin!.on("error", () => {
      // git may exit before reading all input (e.g. a bad revision); the close handler reports it.
    });
    const input = options.input ?? "";
    const primed = options.primed && (child as PrimedChild).primed === options.primed && typeof input === "string" && input.startsWith(options.primed);
    child.stdin!.end(primed ? input.slice(options.primed!.length) : input);
  });
}

/** Run git and return stdout as a string with the final newline removed. */
export async function gitText(args: string[], options: GitOptions): Promise<string> {
  const { stdout } = await git(args, options);
  return stdout.toString("utf8").replace(/\n$/, "");
}

/**
 * Start a long-lived git process (e.g. `cat-file --batch`) with pipes on all three streams.
 * A process started early (git/early.ts) with the same arguments and folder is handed
 * over instead of starting another.
 */
export function spawnGit(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): ChildProcess {
  if (!callerGit()) {
    const early = takeEarly(args, options.cwd, options.env);
    if (early) return early;
  }
  return startGit(args, options);
}

export function gitFailed(args: string[], stderr: string, status: number | string | null): BallastError {
  const first = stderr.split("\n").find((line) => line.trim()) ?? `exit ${status}`;
  if (/not a git repository/i.test(first)) {
    // GIT_DIR names the repository: the folder does not matter, the variable does.
    const dir = gitEnv().GIT_DIR;
    if (dir) return new BallastError("NOT_A_REPOSITORY", gitWords.gitDirNotARepository(dir), { fix: gitWords.gitDirNotARepositoryFix });
    return new BallastError("NOT_A_REPOSITORY", gitWords.notARepository, { fix: gitWords.notARepositoryFix });
  }
  if (/dubious ownership/i.test(stderr)) {
    return new BallastError("GIT_FAILED", gitWords.dubiousOwnership, { fix: gitWords.dubiousOwnershipFix });
  }
  return new BallastError("GIT_FAILED", gitWords.failed(subcommand(args), first.replace(/^(fatal|error): /, "")), { fix: gitWords.failedFix });
}

/** The git command in `args`: past git's own options ("-c key=value", "--literal-pathspecs"). */
function subcommand(args: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "-c" || args[i] === "-C") i++;
    else if (!args[i]!.startsWith("-")) return args[i];
  }
  return args[0];
}

function wrapSpawnError(error: NodeJS.ErrnoException): BallastError {
  if (error.code === "ENOENT") {
    forgetGit();
    return new BallastError("GIT_NOT_FOUND", gitWords.cannotStart, { fix: gitWords.installFix, cause: error });
  }
  return new BallastError("GIT_FAILED", gitWords.notStarted(error.message), { cause: error });
}
