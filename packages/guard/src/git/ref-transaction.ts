import { BallastError } from "../errors.js";
import { gitWords } from "../messages.js";
import { git } from "./exec.js";

/** One ref to move: from `old` (checked) to `new`, or created at `new` when `old` is absent. */
export interface RefMove {
  ref: string;
  new: string;
  old?: string;
}

/**
 * Move every ref in one `git update-ref --stdin` transaction: all of them or none.
 *   start\n
 *   update <ref> <new> <old>\n    (refused if <ref> is no longer at <old>)
 *   create <ref> <new>\n          (refused if <ref> exists)
 *   prepare\n                     (every ref locked and checked)
 *   commit\n                      (all written, then the locks released)
 * git answers "start: ok", "prepare: ok", "commit: ok" on stdout; a refusal exits 128 with
 * the ref named on stderr, and nothing has moved.
 */
export async function moveRefs(cwd: string, moves: RefMove[], reason: string): Promise<void> {
  if (moves.length === 0) return;
  const lines = ["start", ...moves.map(formatMove), "prepare", "commit"];
  await git(["update-ref", "-m", reason, "--stdin"], { cwd, input: `${lines.join("\n")}\n` }).catch((error: unknown) => {
    throw new BallastError("GIT_FAILED", gitWords.refsNotMoved(error instanceof Error ? error.message : String(error)), {
      fix: gitWords.refsNotMovedFix,
      cause: error,
    });
  });
}

export function formatMove(move: RefMove): string {
  return move.old ? `update ${move.ref} ${move.new} ${move.old}` : `create ${move.ref} ${move.new}`;
}

/** A ref's object id now, or undefined when it does not exist. */
export async function refValue(cwd: string, ref: string): Promise<string | undefined> {
  const { stdout, code } = await git(["rev-parse", "-q", "--verify", ref], { cwd, okCodes: [1] });
  return code === 0 ? stdout.toString("utf8").trim() : undefined;
}
