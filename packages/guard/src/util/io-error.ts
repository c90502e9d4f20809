import { BallastError } from "../errors.js";

/**
 * A filesystem failure (no space, no permission, a folder where a file should be) as a
 * one-line BallastError (exit 2) instead of an internal error with a stack trace.
 */
export function ioError(error: unknown, doing: string, fix: string): BallastError {
  if (error instanceof BallastError) return error;
  const err = error as NodeJS.ErrnoException;
  if (err.name === "TimeoutError") {
    return new BallastError("STORE_UNREACHABLE", `${doing} failed: the store stopped sending data and timed out`, { fix: "check the store and your network, or raise store.timeout, then run the command again", cause: error });
  }
  const why =
    err.code === "ENOSPC" ? "the disk is full" : err.code === "EACCES" || err.code === "EPERM" ? `permission denied (${err.path ?? ""})` : (err.message ?? String(error)).split("\n")[0];
  return new BallastError("IO", `${doing} failed: ${why}`, { fix, cause: error });
}
