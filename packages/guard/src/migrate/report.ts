import { migrateWords } from "../messages.js";
import { referenceFor } from "../ref/format.js";
import { makeReport, type Report, type StowedFile } from "../report/types.js";
import type { Cached, MigratedCommit, Target, TargetReason } from "./types.js";
import { stowProblem } from "../util/gitignore.js";

/** What `ballast migrate` returns: SPEC's report, plus the commits, refs and commands. */
export type MigrateReport = Report & {
  dryRun: boolean;
  /** Finished a run that a kill interrupted. */
  resumed?: boolean;
  /** Each file version that becomes (or would become) a reference. */
  files: Array<{ path: string; object: string; size: number; reason: TargetReason }>;
  commits: MigratedCommit[];
  refs: Array<{ ref: string; old: string; new: string }>;
  /** Where the old tips are kept (`refs/ballast/backup/<time>/`). */
  backup?: string;
  undo: string[];
  /** The push (or force-push) commands to run next. */
  push: string[];
};

export interface ReportInput {
  dryRun: boolean;
  targets: Target[];
  skipped: Array<{ path: string; why: "pointer" | "name" }>;
  commits: MigratedCommit[];
  moves: Array<{ ref: string; old: string; new: string }>;
  checked: number;
  /** The bytes in the cache, by blob (their sha256 goes into `stowed`). */
  cached?: Map<string, Cached>;
  backup?: string;
  undo?: string[];
  push?: string[];
  notes?: string[];
}

/**
 * The report: `stowed` lists each migrated path once (its latest version's sha256 is in
 * the reference; here the size of the largest version), `summary` counts commits, refs,
 * files and the bytes that leave git (each blob counted once).
 */
export function migrateReport(input: ReportInput): MigrateReport {
  const files = input.targets.map((t) => ({ path: t.path, object: t.object, size: t.size, reason: t.reason }));
  const bytes = [...new Map(input.targets.map((t) => [t.object, t.size])).values()].reduce((a, b) => a + b, 0);
  const stowed: StowedFile[] = input.dryRun || input.moves.length === 0 ? [] : byPath(input.targets, input.cached ?? new Map());
  const notes = [...(input.notes ?? [])];
  for (const s of input.skipped) notes.push(s.why === "pointer" ? migrateWords.skippedPointer(s.path) : migrateWords.skippedName(s.path, stowProblem(s.path) ?? ""));
  const report = makeReport("migrate", [], { checked: input.checked, stowed, notes });
  // A file left in the history because of its name still blocks the push: not done (exit 1).
  if (input.skipped.some((s) => s.why === "name")) report.summary.blocked = true;
  Object.assign(report.summary, {
    dryRun: input.dryRun,
    commits: input.commits.length,
    refs: input.moves.length,
    files: new Set(input.targets.map((t) => t.path)).size,
    bytes,
  });
  return {
    ...report,
    dryRun: input.dryRun,
    files,
    commits: input.commits,
    refs: input.moves,
    ...(input.backup ? { backup: input.backup } : {}),
    undo: input.undo ?? [],
    // No "next: git push" while a file the push is refused for is left.
    push: report.summary.blocked ? [] : (input.push ?? []),
  };
}

function byPath(targets: Target[], cached: Map<string, Cached>): StowedFile[] {
  const largest = new Map<string, Target>();
  for (const t of targets) if ((largest.get(t.path)?.size ?? -1) < t.size) largest.set(t.path, t);
  return [...largest.values()]
    .sort((a, b) => (a.path < b.path ? -1 : 1))
    .map((t) => ({ path: t.path, reference: referenceFor(t.path), sha256: cached.get(t.object)?.sha256 ?? t.lfs?.oid ?? "", size: t.size }));
}
