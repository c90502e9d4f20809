import { existsSync } from "node:fs";
import type { ResolvedConfig } from "@ballast/config";
import { isCached } from "../cache/cache.js";
import { isBallastError } from "../errors.js";
import type { Repo } from "../git/repo.js";
import { doctorWords as w } from "../messages.js";
import { distinctTargets } from "../ref/select.js";
import { resolveReferences } from "../ref/resolve.js";
import { createStore } from "../store/create.js";
import type { Store } from "../store/types.js";
import { storeSetting } from "../store/url.js";
import { mapPool } from "../util/pool.js";
import type { DoctorCheck } from "./types.js";

export interface StorageOptions {
  /** Milliseconds to wait for each answer from the store (default: its timeout, at most 10 s). */
  timeout?: number;
  env?: NodeJS.ProcessEnv;
}

/** One object the checkout's references need, with the paths that name it. */
interface Needed {
  sha256: string;
  size: number;
  paths: string[];
  cached: boolean;
  stored?: boolean;
}

/**
 * doctor's `store` and `objects` lines: the store answers (one probe with a timeout), and
 * every object this checkout's references name is in the store or the local cache, so a
 * clone, CI or a Docker build can pull it. A file:// store whose folder is gone while
 * references need it fails, even when this clone's cache still has the bytes (the
 * deploy does not): `ballast push` puts them back.
 */
export async function checkStorage(repo: Repo, config: ResolvedConfig | undefined, cwd: string, options: StorageOptions): Promise<DoctorCheck[]> {
  if (!config) return [{ id: "store", status: "warn", detail: w.storeSkipped }];
  const needed = await neededObjects(repo);
  const allCached = needed.every((n) => n.cached);
  const setting = storeSetting({ configured: config.store, configRoot: config.root, env: options.env ?? process.env, cwd });
  if (!setting) {
    const must = config.redirect.files.length > 0 || needed.length > 0;
    const store: DoctorCheck = { id: "store", status: must ? "fail" : "ok", detail: must ? w.storeNeeded : w.storeNone, ...(must ? { fix: w.storeFix } : {}) };
    return [store, objectsLine(needed, undefined)];
  }
  const timeout = options.timeout ?? Math.min(typeof setting.store === "object" && setting.store.timeout ? setting.store.timeout : 10_000, 10_000);
  let store: Store | undefined;
  try {
    store = await createStore(setting.store, { root: setting.root, retry: { attempts: 1 } });
    const s = store;
    await withTimeout(s.stat("0".repeat(64)), timeout);
    const folder = s.url.startsWith("file://") ? s.url.slice("file://".length) : undefined;
    if (folder && !existsSync(folder)) {
      if (needed.length === 0) return [{ id: "store", status: "ok", detail: w.storeFolderLater(s.url, setting.from) }, objectsLine(needed, s.url)];
      const fix = allCached ? w.storePushFix : w.storeRestoreFix;
      return [{ id: "store", status: "fail", detail: w.storeFolderGone(s.url, needed.length), fix }, objectsLine(needed, s.url)];
    }
    await mapPool(needed, 4, async (n) => {
      n.stored = (await withTimeout(s.stat(n.sha256), timeout))?.size === n.size;
    });
    return [{ id: "store", status: "ok", detail: w.storeOk(s.url, setting.from) }, objectsLine(needed, s.url)];
  } catch (error) {
    const message = isBallastError(error) ? error.message : (error as Error).message;
    const fix = isBallastError(error) && error.fix ? error.fix : w.storeReachFix;
    return [{ id: "store", status: "fail", detail: w.storeFailed(message), fix }];
  } finally {
    await store?.close().catch(() => undefined);
  }
}

function objectsLine(needed: Needed[], url: string | undefined): DoctorCheck {
  if (needed.length === 0) return { id: "objects", status: "ok", detail: w.objectsNone };
  const lost = needed.filter((n) => !n.cached && n.stored !== true);
  if (lost.length > 0) {
    const problems = lost.flatMap((n) => n.paths.map((p) => w.objectLost(p, n.sha256)));
    return { id: "objects", status: "fail", detail: w.objectsLost(lost.length, needed.length, url), problems, fix: w.objectsLostFix };
  }
  // Only here: no clone, CI or Docker build can pull it, and a git push with nothing new to
  // send ("Everything up-to-date") runs no hook, so it uploads nothing either.
  const onlyCached = needed.filter((n) => n.stored !== true);
  if (onlyCached.length === 0) return { id: "objects", status: "ok", detail: w.objectsOk(needed.length) };
  const problems = onlyCached.flatMap((n) => n.paths.map((p) => w.objectLost(p, n.sha256)));
  // With no store set, push cannot run: the store line says what to set first.
  return { id: "objects", status: "warn", detail: w.objectsOnlyCached(onlyCached.length, needed.length, url), problems, ...(url ? { fix: w.storePushFix } : {}) };
}

/** The objects named by the references in the working tree, each once, with whether the cache has it. */
async function neededObjects(repo: Repo): Promise<Needed[]> {
  const found = await resolveReferences({ root: repo.root, source: "worktree" });
  const byObject = new Map<string, Needed>();
  for (const ref of distinctTargets(found.references)) {
    const { sha256, size } = ref.reference;
    const entry = byObject.get(sha256) ?? { sha256, size, paths: [], cached: await isCached(repo.commonDir, sha256, size) };
    entry.paths.push(ref.target);
    byObject.set(sha256, entry);
  }
  return [...byObject.values()];
}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(w.storeTimeout(ms))), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
