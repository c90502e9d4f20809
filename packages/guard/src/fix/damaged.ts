import { BallastError } from "../errors.js";
import { remoteNames } from "../git/remotes.js";
import { fixes } from "../messages.js";

/**
 * An object git cannot read comes back with `git fetch --refetch` only from a remote; in a
 * clone with none, that command fails, so the fix is words instead. Asked only on this error
 * path (a cold `git remote`).
 */
export async function fitDamagedFix(error: unknown, cwd: string): Promise<unknown> {
  if (!(error instanceof BallastError) || error.fix !== fixes.damagedHistory) return error;
  const names = await remoteNames(cwd).catch(() => undefined);
  if (names === undefined || names.length > 0) return error;
  return new BallastError(error.code, error.message, { fix: fixes.damagedNoRemote, cause: error });
}
