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
    isDiskFull(err) ? fileWords.diskFull : err.code === "EACCES" || err.code === "EPERM" ? fileWords.permission(err.path) : (err.message ?? String(error)).split("\n")[0];
  // Running the same command again cannot help until there is room.
  return new BallastError("IO", fileWords.failed(doing, why), { fix: isDiskFull(error) ? fileWords.diskFullFix(err.path, fix) : fix, cause: error });
}

/** No space left (ENOSPC), or the user's quota spent (EDQUOT). */
export function isDiskFull(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === "ENOSPC" || code === "EDQUOT";
}
