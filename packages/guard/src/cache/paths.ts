import path from "node:path";
import { objectKey } from "../store/types.js";

/**
 * The local cache lives under the git common directory, so every worktree of a clone
 * shares it: `<git-common-dir>/ballast/objects/sha256/ab/cd/<sha256>`.
 */
export function cacheDir(commonDir: string): string {
  return path.join(commonDir, "ballast", "objects");
}

export function cachePath(commonDir: string, sha256: string): string {
  return path.join(cacheDir(commonDir), ...objectKey(sha256).split("/"));
}

/** Where partial writes go before they are renamed into the cache (same filesystem). */
export function cacheTempDir(commonDir: string): string {
  return path.join(cacheDir(commonDir), "tmp");
}
