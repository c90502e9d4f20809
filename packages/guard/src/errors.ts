/**
 * The few ways ballast fails, as opposed to findings (which are results, not errors).
 * Every one maps to exit code 2 and carries a one-line cause and the command that fixes it.
 */
export type ErrorCode =
  | "GIT_NOT_FOUND"
  | "NOT_A_REPOSITORY"
  | "GIT_FAILED"
  | "CONFIG_INVALID"
  | "BAD_ARGUMENTS"
  | "STORE_UNREACHABLE"
  | "STORE_FAILED"
  | "INTEGRITY"
  | "UNSAFE_PATH"
  | "IO"
  /** The repository is in a state the command refuses to change (mid-merge, uncommitted work …). */
  | "REPO_STATE";

export class BallastError extends Error {
  override readonly name = "BallastError";
  readonly code: ErrorCode;
  /** The command (or short instruction) that fixes it. */
  readonly fix?: string;

  constructor(code: ErrorCode, message: string, options: { fix?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.fix = options.fix;
  }
}

export function isBallastError(error: unknown): error is BallastError {
  return error instanceof BallastError;
}
