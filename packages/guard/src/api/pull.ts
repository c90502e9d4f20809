/**
 * `ballast pull`: restore stowed files, verified. Kill points (BALLAST_TEST_KILL_AT):
 *   pull:during-download  some bytes written to the temporary file
 *   pull:after-download   the whole file verified in a temporary file (or the cache)
 *   pull:after-rename     the file is in place
 */
import { copyFile, lstat, mkdir, readdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { addToCache, isCached, readCached } from "../cache/cache.js";
import { cachePath } from "../cache/paths.js";
import { BallastError } from "../errors.js";
import { openRepo } from "../git/repo.js";
import { fixes, pullWords } from "../messages.js";
import { badReferenceError, resolveReferences, type FoundReference } from "../ref/resolve.js";
import { makeReport, type Finding, type Report } from "../report/types.js";
import { lazyStore } from "../store/open.js";
import type { RetryOptions } from "../store/retry.js";
import type { Store } from "../store/types.js";
import { fsyncFile, streamToTemp, tempPathFor } from "../util/atomic.js";
import { hashFile } from "../util/hash.js";
import { killPoint } from "../util/killpoint.js";
import { resolveConfig, type BaseOptions } from "./context.js";
import type { ResolvedConfig } from "@ballast/config";
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
  const selected = await selectReferences(co, options.paths);
  const store = options.store
    ? { get: async () => options.store!, close: async () => {} }
    : lazyStore({ config: co.config, env: options.env ?? process.env, cwd: co.cwd, purpose: "download stowed files", ...(options.retry ? { retry: options.retry } : {}) });
  const files: PulledFile[] = [];
  const findings: Finding[] = [];
  try {
    for (const [i, ref] of selected.entries()) {
      const { sha256, size } = ref.reference;
      const entry = { path: ref.target, reference: ref.referencePath, sha256, size };
      const target = await safeTarget(co.root, ref);
      const local = await localState(target, ref);
      if (local === "match") {
        files.push({ ...entry, action: "present" });
        continue;
      }
      if (local === "differs" && !options.force) {
        files.push({ ...entry, action: "conflict" });
        findings.push({ rule: "unresolved-reference", severity: "error", path: ref.target, size, object: sha256, message: pullWords.differs, fix: fixes.pullForce(ref.target) });
        continue;
      }
      const progress = options.onProgress
        ? (bytes: number) => options.onProgress!({ path: ref.target, bytes, total: size, done: i, count: selected.length })
        : undefined;
      const source = await restore({ co, ref, target, store, ...(progress ? { progress } : {}) });
      files.push({ ...entry, action: "restored", source });
    }
  } finally {
    await store.close();
  }
  const restored = files.filter((f) => f.action === "restored").length;
  const report = makeReport("pull", findings, { checked: files.length }) as PullReport;
  report.files = files;
  Object.assign(report.summary, { restored, present: files.filter((f) => f.action === "present").length });
  return report;
}

/** A folder to work in: a git working tree, or a plain checkout (no .git). */
export interface Checkout {
  cwd: string;
  root: string;
  /** The git common dir (the cache lives there); undefined without git. */
  commonDir?: string;
  config: ResolvedConfig;
}

/** Open the repository around cwd, or, where there is none, treat cwd as a plain checkout. */
export async function openCheckout(options: BaseOptions): Promise<Checkout> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const repo = await openRepo(cwd).catch((error: unknown) => {
    if (error instanceof BallastError && error.code === "NOT_A_REPOSITORY") return undefined;
    throw error;
  });
  const root = repo?.root ?? cwd;
  const { config } = await resolveConfig(options, root);
  return { cwd, root, config, ...(repo ? { commonDir: repo.commonDir } : {}) };
}

/** The references to act on: all, or those naming the given paths (the file or its .ballast). */
export async function selectReferences(co: Checkout, paths?: string[]): Promise<FoundReference[]> {
  const { references, invalid } = await resolveReferences({ root: co.root, source: "worktree", git: co.commonDir !== undefined });
  if (!paths || paths.length === 0) {
    if (invalid[0]) throw badReferenceError(invalid[0]);
    return references;
  }
  const chosen: FoundReference[] = [];
  for (const input of paths) {
    const rel = path.relative(co.root, path.resolve(co.cwd, input)).split(path.sep).join("/");
    const bad = invalid.find((b) => b.referencePath === rel || b.referencePath === `${rel}.ballast`);
    if (bad) throw badReferenceError(bad);
    const found = references.filter((r) => r.target === rel || r.referencePath === rel || r.target.startsWith(`${rel}/`) || rel === "" || rel === ".");
    if (found.length === 0) {
      throw new BallastError("BAD_ARGUMENTS", `${input} is not a stowed file (no ${input}.ballast reference here)`, { fix: fixes.pull() });
    }
    for (const f of found) if (!chosen.includes(f)) chosen.push(f);
  }
  return chosen;
}

/**
 * The absolute target, after refusing one that leaves the root, enters .git, or goes
 * through a symlink (a reference is untrusted input: it must not write anywhere else).
 */
export async function safeTarget(root: string, ref: FoundReference): Promise<string> {
  const unsafe = (why: string) => new BallastError("UNSAFE_PATH", pullWords.unsafe(ref.referencePath, why), { fix: `inspect ${ref.referencePath}; restore it from git: git checkout -- ${ref.referencePath}` });
  const target = path.resolve(root, ...ref.target.split("/"));
  const rel = path.relative(root, target);
  if (!rel || rel.startsWith("..") || path.isAbsolute(rel)) throw unsafe("is outside the repository");
  const segments = rel.split(path.sep);
  if (segments.some((s) => s.toLowerCase() === ".git")) throw unsafe("is inside .git");
  let dir = root;
  for (const segment of segments) {
    dir = path.join(dir, segment);
    const info = await lstat(dir).catch(() => undefined);
    if (!info) break;
    if (info.isSymbolicLink()) throw unsafe(`goes through the symlink ${path.relative(root, dir)}`);
    if (dir !== target && !info.isDirectory()) throw unsafe(`goes through ${path.relative(root, dir)}, which is not a folder`);
    if (dir === target && !info.isFile()) throw unsafe("is not a regular file here");
  }
  return target;
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
  const { body, size: reported } = await s.get(sha256, { label });
  if (reported >= 0 && reported !== size) {
    body.destroy();
    throw new BallastError("INTEGRITY", `${label} has ${reported} bytes in ${s.url}, but its reference says ${size}: nothing was written`, {
      fix: `${fixes.pushFromOrigin}`,
    });
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

/** Temporary files a killed pull left beside this target (`.name.ballast-tmp-*`). */
async function removeStaleTemps(target: string): Promise<void> {
  const prefix = `.${path.basename(target)}.ballast-tmp-`;
  const names = await readdir(path.dirname(target)).catch(() => [] as string[]);
  await Promise.all(names.filter((n) => n.startsWith(prefix)).map((n) => rm(path.join(path.dirname(target), n), { force: true })));
}
