import { stat } from "node:fs/promises";
import path from "node:path";

/** Where git-lfs keeps an object locally: `<git-common-dir>/lfs/objects/ab/cd/<oid>` (git-lfs docs/spec.md). */
export function lfsObjectPath(commonDir: string, oid: string): string {
  return path.join(commonDir, "lfs", "objects", oid.slice(0, 2), oid.slice(2, 4), oid);
}

/**
 * The local LFS store as the `lfs-missing-object` rule asks it. (`lfs.storage` set to
 * another folder is not followed.)
 */
export function localLfsObjects(commonDir: string): { has(oid: string): Promise<boolean> } {
  return {
    has: (oid) =>
      stat(lfsObjectPath(commonDir, oid)).then(
        (s) => s.isFile(),
        () => false,
      ),
  };
}
