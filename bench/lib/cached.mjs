// One generated repository in bench/.cache/: built in "<key>.tmp", renamed into place,
// then marked complete. A folder without the mark (a run stopped half-way) is built again.
import { existsSync, rmSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * The folder `<cacheDir>/<key>`, built by `build(tmp)` unless already complete. `finish(dir)`
 * runs after the rename (for what records the final path); `marker` is written to
 * `.bench-complete`, which says what the folder was built from.
 */
export function ensureCached(cacheDir, key, { build, finish = () => {}, marker, log = () => {} }) {
  const dir = path.join(cacheDir, key);
  if (existsSync(path.join(dir, ".bench-complete"))) return dir;
  const started = Date.now();
  log(`generating ${key} (cached afterwards)`);
  const tmp = `${dir}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
  build(tmp);
  renameSync(tmp, dir);
  finish(dir);
  writeFileSync(path.join(dir, ".bench-complete"), `${JSON.stringify(marker)}\n`);
  log(`generated ${key} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return dir;
}
