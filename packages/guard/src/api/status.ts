import { isCached } from "../cache/cache.js";
import { makeReport, type Finding, type Report } from "../report/types.js";
import { lazyStore } from "../store/open.js";
import { storeSetting } from "../store/url.js";
import { hashFile } from "../util/hash.js";
import { mapPool } from "../util/pool.js";
import { resolveConfig, type BaseOptions } from "./context.js";
import { openCheckout, safeTarget, selectReferences } from "../ref/select.js";
import { lstat } from "node:fs/promises";
import { pullWords, storageWords } from "../messages.js";

export interface StatusOptions extends BaseOptions {
  /** Stowed files (or references) to look at; default: all. */
  paths?: string[];
  env?: NodeJS.ProcessEnv;
  /** Skip asking storage (offline). */
  offline?: boolean;
}

/** One stowed file: is it here and matching, cached, stored? (undefined: not known, e.g. no store set). */
export interface StatusEntry {
  path: string;
  reference: string;
  sha256: string;
  size: number;
  local: "match" | "missing" | "differs";
  cached?: boolean;
  stored?: boolean;
}

export type StatusReport = Report & { files: StatusEntry[]; store?: string };

/**
 * Every reference, with three answers: is the file here and matching its reference (hashed),
 * is the object in the local cache, is it in storage (asked only when a store is set).
 * Objects in neither cache nor storage are `unresolved-reference` findings.
 */
export async function status(options: StatusOptions = {}): Promise<StatusReport> {
  const co = await openCheckout(options);
  const { config } = await resolveConfig(options, co.root);
  const refs = await selectReferences(co, options.paths);
  const env = options.env ?? process.env;
  const haveStore = !options.offline && storeSetting({ configured: config.store, configRoot: config.root, env, cwd: co.cwd }) !== undefined;
  const store = lazyStore({ config, env, cwd: co.cwd, purpose: storageWords.purpose.checkStorage });
  let storeUrl: string | undefined;
  try {
    const files = await mapPool(refs, 4, async (ref): Promise<StatusEntry> => {
      const { sha256, size } = ref.reference;
      const target = await safeTarget(co.root, ref, co);
      const info = await lstat(target).catch(() => undefined);
      const local = !info ? "missing" : info.size === size && (await hashFile(target)).sha256 === sha256 ? "match" : "differs";
      const entry: StatusEntry = { path: ref.target, reference: ref.referencePath, sha256, size, local };
      if (co.commonDir) entry.cached = await isCached(co.commonDir, sha256, size);
      if (haveStore) {
        const s = await store.get();
        storeUrl = s.url;
        entry.stored = (await s.stat(sha256))?.size === size;
      }
      return entry;
    });
    const findings: Finding[] = files
      .filter((f) => f.local !== "match" && f.cached !== true && f.stored === false)
      .map((f) => ({ rule: "unresolved-reference", severity: "error", path: f.path, size: f.size, object: f.sha256, message: storageWords.notAnywhere, fix: storageWords.restowFix(f.path, "it") }));
    // A file that differs is someone's work or a mistake: both ways out, neither a finding.
    const notes = files.filter((f) => f.local === "differs").map((f) => pullWords.statusDiffers(f.path, co.git));
    const report = makeReport("status", findings, { checked: files.length, notes }) as StatusReport;
    report.files = files;
    if (storeUrl) report.store = storeUrl;
    return report;
  } finally {
    await store.close();
  }
}
