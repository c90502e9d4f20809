import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import Module from "node:module";
import path from "node:path";
import vm from "node:vm";

/**
 * dist/cli.cjs loaded with V8's code cache. Compiling the 450 kB bundle and the functions a
 * hook then runs costs ~14 ms of every commit and push (measured: pre-push over 10 commits
 * 130 → 116 ms, medians of 21); with the cache, V8 reads the bytecode instead. Node 22 has
 * `module.enableCompileCache()`; on Node 20 this is the same idea by hand.
 *
 * - The cache lives beside the bundle (`dist/.cache/`), so only whoever can change
 *   ballast's own code can change it; a read-only install simply runs without it.
 * - Its name carries the bundle's build id (a hash of cli.cjs written into bin.cjs by the
 *   build, tsup.config.ts), V8's version and the command: a rebuilt bundle never meets an
 *   old cache, and each hook gets the functions it runs. V8 checks the rest and rejects a
 *   cache that does not fit (then it is written anew).
 * - It is written once the command is done, with the functions it compiled; a long run
 *   writes it just before it changes a V8 flag (util/long-run.ts), since V8 would reject a
 *   cache made after the change at the next start.
 */
const BUILD_ID = "ballast-cli-build-id-unset-0000";
const TAGS = new Set(["pre-commit", "pre-push", "receive", "scan", "check"]);
/** Called by util/long-run.ts (in cli.cjs) just before it changes a V8 flag. */
const BEFORE_FLAGS = Symbol.for("ballast.before-v8-flags");

export interface LoadedBundle<T> {
  exports: T;
  /** Write the cache if there was none or V8 refused it; never throws. */
  save(): void;
}

export function loadBundle<T>(file: string, command: string | undefined, importer: (specifier: string) => Promise<unknown>): LoadedBundle<T> {
  const cacheFile = BUILD_ID.endsWith("-unset-0000")
    ? undefined
    : path.join(path.dirname(file), ".cache", `${TAGS.has(command ?? "") ? command : "cli"}-${BUILD_ID}-${process.versions.v8}-${process.arch}.bin`);
  let cachedData: Buffer | undefined;
  try {
    if (cacheFile) cachedData = readFileSync(cacheFile);
  } catch {
    // No cache yet.
  }
  // No import() inside the script has a loader (functions read from a cache would lose it,
  // and Node 20 calls the option experimental): the bundle imports through the bin's.
  (globalThis as Record<symbol, unknown>)[Symbol.for("ballast.import")] = importer;
  const script = new vm.Script(Module.wrap(readFileSync(file, "utf8")), { filename: file, ...(cachedData ? { cachedData } : {}) });
  const module = new Module(file);
  module.filename = file;
  module.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(file));
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, Module.createRequire(file), module, file, path.dirname(file));
  let stale = cachedData === undefined || script.cachedDataRejected === true;
  const save = () => {
    if (!cacheFile || !stale) return;
    stale = false;
    const temp = `${cacheFile}.${process.pid}`;
    try {
      mkdirSync(path.dirname(cacheFile), { recursive: true });
      writeFileSync(temp, script.createCachedData());
      renameSync(temp, cacheFile);
    } catch {
      try {
        rmSync(temp, { force: true });
      } catch {
        // Nothing to clean.
      }
    }
  };
  (globalThis as Record<symbol, unknown>)[BEFORE_FLAGS] = save;
  return { exports: module.exports as T, save };
}
