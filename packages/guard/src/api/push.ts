import { formatSize } from "@ballast/config";
import { isCached } from "../cache/cache.js";
import { cachePath } from "../cache/paths.js";
import { resolveRevision } from "../git/history.js";
import { storageWords } from "../messages.js";
import { badReferenceError, resolveReferences, type FoundReference } from "../ref/resolve.js";
import { makeReport, type Finding, type Report } from "../report/types.js";
import { openStore } from "../store/open.js";
import type { RetryOptions } from "../store/retry.js";
import type { Store } from "../store/types.js";
import { killPoint } from "../util/killpoint.js";
import { mapPool } from "../util/pool.js";
import { openContext, type BaseOptions, type Context } from "./context.js";
import { toRepoPath } from "../git/repo.js";

/** One stowed object to upload: its hash, size, and a path that references it (for messages). */
export interface PushObject {
  sha256: string;
  size: number;
  path: string;
}

export interface TransferProgress {
  path: string;
  /** Bytes of this file transferred so far. */
  bytes: number;
  total: number;
  /** Files finished and in all. */
  done: number;
  count: number;
}

export interface PushObjectsOptions extends BaseOptions {
  /**
   * The objects to make sure storage has. Default: every object referenced by HEAD or the
   * index. The pre-push hook passes the objects of the references its commits add.
   */
  objects?: PushObject[];
  /** Where BALLAST_STORE is read (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Uploads at a time (default 4). */
  concurrency?: number;
  onProgress?: (progress: TransferProgress) => void;
  /** A store already open (it is not closed); default: the configured one. */
  store?: Store;
  retry?: RetryOptions;
  /**
   * Upload from the cache even what storage already has (`ballast push --force`): the way to
   * replace a stored copy that is damaged, which a check of its size alone cannot see.
   */
  force?: boolean;
  /** Only the stowed files at these paths (relative to `cwd`; a reference's own path means its file). */
  paths?: string[];
}

export interface PushObjectsResult {
  /** The store's URL (empty when there was nothing to push and no store is set). */
  store: string;
  uploaded: PushObject[];
  /** Already in storage with the right size: not uploaded again. */
  present: PushObject[];
  /** Neither in the local cache nor in storage: a push must stop (unresolved-reference). */
  missing: PushObject[];
}

/**
 * Make sure storage has every given object: those it lacks (or holds with a wrong size)
 * are uploaded from the local cache, a few at a time, multipart for big files. Objects in
 * neither place come back in `missing`. Needs a store only when there is something to check.
 * This is what the pre-push hook calls.
 */
export async function pushObjects(options: PushObjectsOptions = {}): Promise<PushObjectsResult> {
  const ctx = await openContext(options);
  let objects = dedupe(options.objects ?? (await referencedObjects(ctx)).map(toPushObject));
  if (options.paths) {
    const wanted = new Set(options.paths.map((p) => toRepoPath(ctx.repo, ctx.cwd, p)?.replace(/\.ballast$/, "")));
    objects = objects.filter((o) => wanted.has(o.path));
  }
  const result: PushObjectsResult = { store: "", uploaded: [], present: [], missing: [] };
  if (objects.length === 0) return result;
  const store = options.store ?? (await openStore({ config: ctx.config, env: options.env ?? process.env, cwd: ctx.cwd, purpose: storageWords.purpose.upload, ...(options.retry ? { retry: options.retry } : {}) }));
  result.store = store.url;
  let done = 0;
  try {
    await mapPool(objects, options.concurrency ?? 4, async (object) => {
      const stored = options.force ? undefined : await store.stat(object.sha256);
      if (stored?.size === object.size) {
        result.present.push(object);
      } else if (await isCached(ctx.repo.commonDir, object.sha256, object.size)) {
        const onProgress = options.onProgress
          ? (bytes: number) => options.onProgress!({ path: object.path, bytes, total: object.size, done, count: objects.length })
          : undefined;
        await store.put(object.sha256, cachePath(ctx.repo.commonDir, object.sha256), { size: object.size, label: object.path, ...(options.force ? { replace: true } : {}), ...(onProgress ? { onProgress } : {}) });
        killPoint("push:after-upload");
        result.uploaded.push(object);
      } else {
        result.missing.push(object);
      }
      done++;
      options.onProgress?.({ path: object.path, bytes: object.size, total: object.size, done, count: objects.length });
    });
  } finally {
    if (!options.store) await store.close();
  }
  for (const list of [result.uploaded, result.present, result.missing]) list.sort((a, b) => (a.path < b.path ? -1 : 1));
  return result;
}

export type PushOptions = Omit<PushObjectsOptions, "objects">;

/** `ballast push`: upload every object referenced by HEAD or the index that storage lacks. */
export async function push(options: PushOptions = {}): Promise<Report> {
  const result = await pushObjects(options);
  const findings: Finding[] = result.missing.map((o) => unresolvedFinding(o));
  const bytes = result.uploaded.reduce((sum, o) => sum + o.size, 0);
  const notes =
    result.uploaded.length + result.present.length > 0
      ? [`uploaded ${result.uploaded.length} object${result.uploaded.length === 1 ? "" : "s"} (${formatSize(bytes)}) to ${result.store}; ${result.present.length} already there`]
      : [];
  const report = makeReport("push", findings, { checked: result.uploaded.length + result.present.length + result.missing.length, notes });
  Object.assign(report.summary, { uploaded: result.uploaded.length, present: result.present.length, missing: result.missing.length, store: result.store });
  return report;
}

/** The `unresolved-reference` finding: a reference whose bytes are nowhere ballast can reach. */
export function unresolvedFinding(o: PushObject): Finding {
  return {
    rule: "unresolved-reference",
    severity: "error",
    path: o.path,
    size: o.size,
    object: o.sha256,
    message: storageWords.unresolved(o.sha256),
    fix: storageWords.restowFix(o.path, "file"),
  };
}

/** References in HEAD and in the index, together (a push sends what was committed; the index is what comes next). */
async function referencedObjects(ctx: Context): Promise<FoundReference[]> {
  const head = await resolveRevision(ctx.repo.root, "HEAD");
  const fromHead = head ? await resolveReferences({ root: ctx.repo.root, source: { commit: "HEAD" } }) : { references: [], invalid: [] };
  const fromIndex = await resolveReferences({ root: ctx.repo.root, source: "index" });
  // A reference ballast cannot read (a newer format, a hand edit) must not pass unnoticed.
  const bad = fromIndex.invalid[0] ?? fromHead.invalid[0];
  if (bad) throw badReferenceError(bad);
  return [...fromHead.references, ...fromIndex.references];
}

function toPushObject(ref: FoundReference): PushObject {
  return { sha256: ref.reference.sha256, size: ref.reference.size, path: ref.target };
}

function dedupe(objects: PushObject[]): PushObject[] {
  const seen = new Map<string, PushObject>();
  for (const o of objects) if (!seen.has(`${o.sha256}:${o.size}`)) seen.set(`${o.sha256}:${o.size}`, o);
  return [...seen.values()];
}
