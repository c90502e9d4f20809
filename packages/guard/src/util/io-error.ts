import { BallastError } from "../errors.js";
import { fileWords } from "../messages.js";

/**
 * A filesystem failure (no space, no permission, a folder where a file should be) as a
 * one-line BallastError (exit 2) instead of an internal error with a stack trace.
 */
export function ioError(error: unknown, doing: string, fix: string): BallastError {
  if (error instanceof BallastError) return error;
  const err = error as NodeJS.ErrnoException;
  if (err.name === "TimeoutError") {
    return new BallastError("STORE_UNREACHABLE", fileWords.timedOut(doing), { fix: fileWords.timedOutFix, cause: error });
  }
  const why =
    err.code === "ENOSPC" ? fileWords.diskFull : err.code === "EACCES" || err.code === "EPERM" ? fileWords.permission(err.path) : (err.message ?? String(error)).split("\n")[0];
  return new BallastError("IO", fileWords.failed(doing, why), { fix, cause: error });
}
