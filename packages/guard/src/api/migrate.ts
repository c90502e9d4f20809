/**
 * `ballast migrate`: rewrite commits so that heavy files become references. Kill points
 * (BALLAST_TEST_KILL_AT), in the order they are reached:
 *
 *   migrate:after-cache     every target's bytes verified in the cache; nothing else changed
 *   migrate:after-objects   every new blob, tree, commit and tag written (unreachable yet)
 *   migrate:after-journal   <git-dir>/ballast/migrate.json says which refs are about to move
 *   migrate:after-refs      every ref moved (and its backup made) in one transaction
 *   migrate:after-worktree  the index and working tree follow the branch: complete
 *
 * The refs move in one `git update-ref --stdin` transaction: killed before it, every ref
 * is as it was (the new objects are unreachable, git gc drops them); killed after, every
 * ref is done, and the next run finds the journal and finishes the index and files.
 */
import path from "node:path";
import { objectIdBytes, commitsToRewrite } from "../git/history.js";
import { ObjectReader } from "../git/object-reader.js";
import { dryObjectWriter, gitObjectWriter } from "../git/object-writer.js";
import { moveRefs, type RefMove } from "../git/ref-transaction.js";
import { cacheTargets } from "../migrate/cache-targets.js";
import { finishWorktree } from "../migrate/finish.js";
import { journalState, readJournal, removeJournal, writeJournal, journalFile, type Journal } from "../migrate/journal.js";
import { backupOf, backupPrefix, forcePushCommands, pushCommands, undoCommands } from "../migrate/next-steps.js";
import { selectPaths } from "../migrate/paths.js";
import { migrateReport, type MigrateReport } from "../migrate/report.js";
import { rewriteHistory } from "../migrate/rewrite-history.js";
import { planScope, refuseIfPushed } from "../migrate/scope.js";
import { selectTargets } from "../migrate/select.js";
import type { MigrateProgress } from "../migrate/types.js";
import { BallastError } from "../errors.js";
import { migrateWords } from "../messages.js";
import { listBlobs } from "../range/revlist.js";
import { storeSetting } from "../store/url.js";
import { killPoint } from "../util/killpoint.js";
import { withLock } from "../util/lock.js";
import { openContext, type BaseOptions, type Context } from "./context.js";

export type { MigrateReport } from "../migrate/report.js";
export type { MigrateProgress, MigratedCommit } from "../migrate/types.js";

export interface MigrateOptions extends BaseOptions {
  /** Only these files (paths or globs); default: what size, binary and redirect would block. */
  paths?: string[];
  /** Every local branch and tag, not only the current branch's unpushed commits. */
  everything?: boolean;
  /** Git LFS pointers become references too, their bytes from the local LFS store. */
  fromLfs?: boolean;
  /** Say what would change, change nothing. */
  dryRun?: boolean;
  onProgress?: (progress: MigrateProgress) => void;
}

/** Rewrite history so heavy files become references; returns what changed (or would). */
export async function migrate(options: MigrateOptions = {}): Promise<MigrateReport> {
  const ctx = await openContext(options);
  const lock = path.join(ctx.repo.gitDir, "ballast-migrate.lock");
  return withLock(lock, async () => (await resume(ctx, options)) ?? run(ctx, options), { waitMs: 0 });
}

async function run(ctx: Context, options: MigrateOptions): Promise<MigrateReport> {
  const { root, gitDir, commonDir } = ctx.repo;
  const everything = Boolean(options.everything);
  const dryRun = Boolean(options.dryRun);
  const scope = await planScope(ctx.repo, everything);
  const paths = options.paths?.length ? selectPaths(ctx.repo, ctx.cwd, options.paths) : undefined;
  const commits = await commitsToRewrite(root, scope.tips, scope.exclude);
  if (paths) await refuseIfPushed(ctx.repo, scope, commits.length, paths, options.paths!, Boolean(options.fromLfs));
  const empty = (note: string) => migrateReport({ dryRun, commits: [], moves: [], targets: [], skipped: [], notes: [note], checked: 0 });
  if (commits.length === 0) return empty(scope.head && !everything ? migrateWords.allPushed : migrateWords.nothing(everything));

  const reader = new ObjectReader(root);
  try {
    const idBytes = await objectIdBytes(root);
    const newBlobs = everything ? undefined : new Set((await listBlobs(root, { include: scope.tips, exclude: scope.exclude })).map((b) => b.object));
    const progress = options.onProgress;
    const selection = await selectTargets({
      cwd: root, reader, idBytes, commits, policy: ctx.policy, fromLfs: Boolean(options.fromLfs),
      ...(newBlobs ? { newBlobs } : {}),
      ...(paths ? { paths } : {}),
      ...(progress ? { onProgress: (done: number) => progress({ phase: "scan", commits: done, total: commits.length }) } : {}),
    });
    const targets = [...selection.targets.values()];
    const base = { dryRun, targets, skipped: selection.skipped, checked: commits.length };
    if (targets.length === 0 && !options.fromLfs) return migrateReport({ ...base, commits: [], moves: [], notes: [migrateWords.nothing(everything)] });

    const cached = dryRun
      ? new Map()
      : await cacheTargets({ cwd: root, commonDir, targets, rerun: migrateWords.command(options), ...(progress ? { onProgress: (p) => progress({ phase: "hash", ...p }) } : {}) });
    killPoint("migrate:after-cache");
    const { changed, moved } = await rewriteHistory({
      reader, idBytes, commits, refs: scope.refs, targets: selection.targets, cached,
      writer: dryRun ? dryObjectWriter() : gitObjectWriter(root, path.join(gitDir, "ballast", "migrate-tmp")),
      ...(options.fromLfs ? { attributes: paths ? { patterns: paths.patterns } : {} } : {}),
      ...(progress ? { onProgress: (done: number) => progress({ phase: "rewrite", commits: done, total: commits.length }) } : {}),
    });
    killPoint("migrate:after-objects");
    if (moved.length === 0) return migrateReport({ ...base, commits: [], moves: [], notes: [migrateWords.nothing(everything)] });

    const prefix = await backupPrefix(root, new Date());
    const moves: RefMove[] = moved.flatMap((m) => [{ ref: m.ref, old: m.object, new: m.new }, { ref: backupOf(prefix, m.ref), new: m.object }]);
    const headMove = moved.find((m) => m.ref === scope.branch);
    const refs = moved.map((m) => m.ref);
    const report = migrateReport({
      ...base, cached, commits: changed, moves: moved.map((m) => ({ ref: m.ref, old: m.object, new: m.new })),
      backup: prefix, undo: undoCommands(prefix, refs, scope.branch),
      push: everything ? await forcePushCommands(root, refs) : await pushCommands(root, scope.branch),
      notes: [
        ...(everything ? [migrateWords.forcePush, migrateWords.githubLimit] : []),
        // The push would stop on it (pre-push cannot upload): say so now, before the push.
        ...(storeSetting({ configured: ctx.config.store, configRoot: ctx.config.root, env: process.env, cwd: ctx.cwd }) ? [] : [migrateWords.noStoreYet]),
      ],
    });
    if (dryRun) return report;
    const journal: Journal = { version: 1, moves, report, ...(headMove ? { head: { ref: headMove.ref, old: headMove.object, new: headMove.new } } : {}) };
    await writeJournal(gitDir, journal);
    killPoint("migrate:after-journal");
    await moveRefs(root, moves, "ballast migrate");
    killPoint("migrate:after-refs");
    await complete(ctx, journal);
    return report;
  } finally {
    reader.close();
  }
}

/** A journal left by a run killed part-way: finish it, or start afresh if its refs never moved. */
async function resume(ctx: Context, options: MigrateOptions): Promise<MigrateReport | undefined> {
  const journal = await readJournal(ctx.repo.gitDir);
  if (!journal) return undefined;
  const state = await journalState(ctx.repo.root, journal);
  const file = journalFile(ctx.repo.gitDir);
  if (state === "mixed") throw new BallastError("REPO_STATE", migrateWords.journalMixed(file), { fix: migrateWords.journalFix(file) });
  const report = journal.report as MigrateReport;
  if (state === "before") {
    await removeJournal(ctx.repo.gitDir);
    return undefined;
  }
  if (options.dryRun) return { ...report, dryRun: true, notes: [migrateWords.pending, ...(report.notes ?? [])] };
  await complete(ctx, journal);
  return { ...report, resumed: true, notes: [migrateWords.resumed, ...(report.notes ?? [])] };
}

/** The refs have moved: the index and working tree follow the checked-out branch, then the journal goes. */
async function complete(ctx: Context, journal: Journal): Promise<void> {
  if (journal.head) await finishWorktree({ root: ctx.repo.root, commonDir: ctx.repo.commonDir, old: journal.head.old, new: journal.head.new });
  killPoint("migrate:after-worktree");
  await removeJournal(ctx.repo.gitDir);
}
