/**
 * `ballast pull`: restore stowed files, verified. Kill points (BALLAST_TEST_KILL_AT):
 *   pull:during-download  some bytes written to the temporary file
 *   pull:after-download   the whole file verified in a temporary file (or the cache)
 *   pull:after-rename     the file is in place
 */
import { copyFile, lstat, mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { addToCache, isCached, readCached } from "../cache/cache.js";
import { keepReplaced, type Kept } from "../cache/keep.js";
import { cachePath } from "../cache/paths.js";
import { removeLeftoverTemps } from "../cache/temps.js";
import { BallastError } from "../errors.js";
import { fileWords, fixes, pullWords, storageWords } from "../messages.js";
import type { FoundReference } from "../ref/resolve.js";
import { openCheckout, safeTarget, selectReferences, type Checkout } from "../ref/select.js";
import { makeReport, type Finding, type Report } from "../report/types.js";
import { lazyStore } from "../store/open.js";
import type { RetryOptions } from "../store/retry.js";
import type { Store } from "../store/types.js";
import { fsyncFile, removeStaleTemps, streamToTemp, tempPathFor } from "../util/atomic.js";
import { hashFile } from "../util/hash.js";
import { ioError } from "../util/io-error.js";
import { killPoint } from "../util/killpoint.js";
import { resolveConfig, type BaseOptions } from "./context.js";
import type { TransferProgress } from "./push.js";

export interface PullOptions extends BaseOptions {
  /** Stowed files (or their .ballast references) to restore; default: all. */
  paths?: string[];
  /** Overwrite local files that differ from their reference. */
  force?: boolean;
  /** Where BALLAST_STORE is read (default process.env). */
  env?: NodeJS.ProcessEnv;
  onProgress?: (progress: TransferProgress) => void;
  /** A store already open (not closed here); default: the configured one, opened only if needed. */
  store?: Store;
  retry?: RetryOptions;
}

export type PullAction = "restored" | "present" | "conflict";

export interface PulledFile {
  path: string;
  reference: string;
  sha256: string;
  size: number;
  action: PullAction;
  /** Where the bytes came from when restored. */
  source?: "cache" | "store";
  /** Where the local file it replaced (pull --force) was kept: in the cache, or beside it. */
  kept?: string;
}

export type PullReport = Report & { files: PulledFile[] };

/**
 * Restore stowed files: from the local cache when it has them, else from storage (filling
 * the cache when there is a .git). Every byte is verified (size and sha256, while
 * streaming) into a temporary file in the destination folder, flushed, then renamed into
 * place. A local file that differs from its reference is left alone without `force`.
 * Works in a checkout without .git (a Docker build context): references are found by
 * walking the folder, and the store comes from config or BALLAST_STORE.
 */
export async function pull(options: PullOptions = {}): Promise<PullReport> {
  const co = await openCheckout(options);
  const { config } = await resolveConfig(options, co.root);
  // What an interrupted stow or pull left in the cache goes first, even with nothing to fetch.
  if (co.commonDir) await removeLeftoverTemps(co.commonDir);
  const selected = await selectReferences(co, options.paths);
  const store = options.store
    ? { get: async () => options.store!, close: async () => {} }
    : lazyStore({ config, env: options.env ?? process.env, cwd: co.cwd, purpose: storageWords.purpose.download, ...(options.retry ? { retry: options.retry } : {}) });
  // Every target is checked before any request or write: one bad reference stops them all.
  const targets = new Map<FoundReference, string>();
  for (const ref of selected) targets.set(ref, await safeTarget(co.root, ref, co));
  const files: PulledFile[] = [];
  const failed: Array<{ path: string; error: BallastError }> = [];
  const findings: Finding[] = [];
  const notes: string[] = [];
  try {
    for (const [i, ref] of selected.entries()) {
      const { sha256, size } = ref.reference;
      const entry = { path: ref.target, reference: ref.referencePath, sha256, size };
      const target = targets.get(ref)!;
      const local = await localState(target, ref);
      if (local === "match") {
        files.push({ ...entry, action: "present" });
        continue;
      }
      if (local === "differs" && !options.force) {
        files.push({ ...entry, action: "conflict" });
        const message = co.git ? pullWords.differsKeep(ref.target) : pullWords.differs;
        findings.push({ rule: "unresolved-reference", severity: "error", path: ref.target, size, object: sha256, message, fix: fixes.pullForce(ref.target) });
        continue;
      }
      // Forced: the local bytes are kept before anything replaces them (nothing loses a model).
      const kept = local === "differs" ? await keepReplaced(co.commonDir, target).catch((error: unknown) => {
        throw ioError(error, fileWords.keeping(ref.target), fixes.pullForce(ref.target));
      }) : undefined;
      if (kept) notes.push(keptNote(co.root, ref.target, kept));
      const progress = options.onProgress
        ? (bytes: number) => options.onProgress!({ path: ref.target, bytes, total: size, done: i, count: selected.length })
        : undefined;
      const source = await restore({ co, ref, target, store, ...(progress ? { progress } : {}) }).catch((error: unknown) => {
        // The stored bytes are not the referenced ones: pulling again cannot help, uploading them again can.
        if (error instanceof BallastError && error.code === "INTEGRITY" && error.fix === storageWords.hashMismatchFix) {
          return new BallastError("INTEGRITY", error.message, { fix: storageWords.reuploadFix(ref.target), cause: error });
        }
        return ioError(error, fileWords.restoring(ref.target), fixes.pull(ref.target));
      });
      if (source instanceof BallastError) {
        // One object missing or damaged in the store: the other files are still restored (a
        // deploy gets every file it can, and one error naming what it could not). Anything
        // else (the store down, no credentials, a full disk) stops at once.
        if (!oneObject(source)) throw source;
        failed.push({ path: ref.target, error: source });
        continue;
      }
      files.push({ ...entry, action: "restored", source, ...(kept ? { kept: shownPath(co.root, kept.file) } : {}) });
    }
  } finally {
    await store.close();
  }
  if (failed.length > 0) {
    const [first] = failed;
    const restoredSoFar = files.filter((f) => f.action === "restored").length;
    throw new BallastError(first!.error.code, pullWords.someFailed(first!.error.message, failed.slice(1).map((f) => f.path), restoredSoFar), {
      ...(first!.error.fix ? { fix: first!.error.fix } : {}),
      cause: first!.error,
    });
  }
  const restored = files.filter((f) => f.action === "restored").length;
  const report = makeReport("pull", findings, { checked: files.length, notes }) as PullReport;
  report.files = files;
  Object.assign(report.summary, { restored, present: files.filter((f) => f.action === "present").length });
  return report;
}

/** An error about one object (not in the store, or its bytes wrong), after which the other files can still be fetched. */
function oneObject(error: BallastError): boolean {
  return error.code === "INTEGRITY" || (error.code === "STORE_FAILED" && error.fix === fixes.pushFromOrigin);
}

/** What pull --force did with the file it replaced, and the command that brings it back. */
function keptNote(root: string, target: string, kept: Kept): string {
  const shown = shownPath(root, kept.file);
  const where = kept.where === "cache" ? pullWords.keptInCache : pullWords.keptBeside(shown);
  return pullWords.kept(target, kept.sha256, where, pullWords.keptBack(shown, target, kept.where === "cache"));
}

/** A path as a command names it: relative to the checkout's root when inside it. */
function shownPath(root: string, file: string): string {
  const relative = path.relative(root, file);
  return relative.startsWith("..") || path.isAbsolute(relative) ? file : relative.split(path.sep).join("/");
}

async function localState(target: string, ref: FoundReference): Promise<"missing" | "match" | "differs"> {
  const info = await lstat(target).catch(() => undefined);
  if (!info) return "missing";
  if (info.size !== ref.reference.size) return "differs";
  const { sha256 } = await hashFile(target);
  return sha256 === ref.reference.sha256 ? "match" : "differs";
}

interface RestoreArgs {
  co: Checkout;
  ref: FoundReference;
  target: string;
  store: { get(): Promise<Store> };
  progress?: (bytes: number) => void;
}

async function restore({ co, ref, target, store, progress }: RestoreArgs): Promise<"cache" | "store"> {
  const { sha256, size } = ref.reference;
  const expected = { sha256, size };
  const label = ref.target;
  await mkdir(path.dirname(target), { recursive: true });
  await removeStaleTemps(target);
  const onProgress = (bytes: number) => {
    progress?.(bytes);
    if (bytes > 0) killPoint("pull:during-download");
  };
  if (co.commonDir && (await isCached(co.commonDir, sha256, size))) {
    try {
      await place(readCached(co.commonDir, sha256), target, { expected, label, onProgress });
      return "cache";
    } catch (error) {
      // A damaged cache object: fall through to storage (which replaces it).
      if (!(error instanceof BallastError && error.code === "INTEGRITY")) throw error;
      await rm(cachePath(co.commonDir, sha256), { force: true });
    }
  }
  const s = await store.get();
  // A connection cut mid-body is retried (twice): only verified bytes ever land.
  for (let attempt = 1; ; attempt++) {
    try {
      return await download({ co, s, ref, target, expected, label, onProgress });
    } catch (error) {
      if (attempt >= 3 || !isCutShort(error)) throw error;
    }
  }
}

async function download(args: { co: Checkout; s: Store; ref: FoundReference; target: string; expected: { sha256: string; size: number }; label: string; onProgress: (bytes: number) => void }): Promise<"store"> {
  const { co, s, target, expected, label, onProgress } = args;
  const { sha256, size } = expected;
  const { body, size: reported } = await s.get(sha256, { label });
  if (reported >= 0 && reported !== size) {
    body.on("error", () => {});
    body.destroy();
    throw new BallastError("INTEGRITY", storageWords.wrongSize(label, reported, s.url, size), { fix: fixes.pushFromOrigin });
  }
  if (!co.commonDir) {
    await place(body, target, { expected, label, onProgress });
    return "store";
  }
  // With a .git: verified into the cache first, then copied into place.
  const cached = await addToCache(co.commonDir, body, { expected, label, onProgress });
  killPoint("pull:after-download");
  const temp = tempPathFor(target);
  try {
    await copyFile(cached.file, temp);
    await fsyncFile(temp);
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  killPoint("pull:after-rename");
  return "store";
}

/** Stream verified bytes into a temporary file beside the target, then rename into place. */
async function place(source: Readable, target: string, options: { expected: { sha256: string; size: number }; label: string; onProgress: (bytes: number) => void }) {
  const { temp } = await streamToTemp(source, { folder: path.dirname(target), name: path.basename(target), ...options });
  killPoint("pull:after-download");
  try {
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  killPoint("pull:after-rename");
}

/** A download that ended early for network reasons (reset, premature close), not a wrong byte. */
function isCutShort(error: unknown): boolean {
  const e = error as NodeJS.ErrnoException;
  if (error instanceof BallastError || e?.name === "TimeoutError") return false;
  return ["ECONNRESET", "EPIPE", "ERR_STREAM_PREMATURE_CLOSE", "ECONNABORTED"].includes(e?.code ?? "") || /aborted|socket hang up|premature close/i.test(e?.message ?? "");
}
