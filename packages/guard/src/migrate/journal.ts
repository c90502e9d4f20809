import { mkdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import type { RefMove } from "../git/ref-transaction.js";
import { refValue } from "../git/ref-transaction.js";
import { writeFileAtomic } from "../util/atomic.js";

/**
 * `<git-dir>/ballast/migrate.json`: what a migration is about to do to the refs, written
 * (atomically) after every new object exists and before the one ref transaction, removed
 * once the index and working tree have caught up. A run killed between the two finds it:
 * every ref still at its old value means the transaction never happened (start again);
 * every ref at its new value means only the index and working tree are left to do.
 */
export interface Journal {
  version: 1;
  /** The refs to move, backups included. */
  moves: RefMove[];
  /** The checked-out branch, when it moves: the index and working tree follow it. */
  head?: { ref: string; old: string; new: string };
  /** The report the finished run returns (a rerun that completes returns it too). */
  report: unknown;
}

export function journalFile(gitDir: string): string {
  return path.join(gitDir, "ballast", "migrate.json");
}

export async function writeJournal(gitDir: string, journal: Journal): Promise<void> {
  await mkdir(path.dirname(journalFile(gitDir)), { recursive: true });
  await writeFileAtomic(journalFile(gitDir), `${JSON.stringify(journal, null, 2)}\n`);
}

export async function readJournal(gitDir: string): Promise<Journal | undefined> {
  const text = await readFile(journalFile(gitDir), "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const journal = JSON.parse(text) as Journal;
    return journal.version === 1 && Array.isArray(journal.moves) ? journal : undefined;
  } catch {
    return undefined; // a journal is written atomically: junk is not ours
  }
}

export async function removeJournal(gitDir: string): Promise<void> {
  await rm(journalFile(gitDir), { force: true });
}

/** Where the refs a journal names stand: all "before", all "after", or "mixed" (someone else moved one). */
export async function journalState(cwd: string, journal: Journal): Promise<"before" | "after" | "mixed"> {
  const now = await Promise.all(journal.moves.map((m) => refValue(cwd, m.ref)));
  if (journal.moves.every((m, i) => now[i] === m.old)) return "before";
  if (journal.moves.every((m, i) => now[i] === m.new)) return "after";
  return "mixed";
}
