import { stat } from "node:fs/promises";
import path from "node:path";
import { parsePointer } from "../lfs/pointer.js";
import { rangeFixes, rangeMessages } from "../messages.js";
import type { BlobFacts, Detection } from "../rules/types.js";

/** Where git-lfs keeps an object locally: `<git-common-dir>/lfs/objects/ab/cd/<oid>` (git-lfs docs/spec.md). */
export function lfsObjectPath(commonDir: string, oid: string): string {
  return path.join(commonDir, "lfs", "objects", oid.slice(0, 2), oid.slice(2, 4), oid);
}

/**
 * `lfs-missing-object`: a pushed pointer, at a path that is `filter=lfs`, whose object is
 * not in the local LFS store. git-lfs's own pre-push hook uploads objects that are local;
 * one that is not can never reach the remote, and every clone would get a pointer it
 * cannot smudge.
 *
 * "Known to be on the remote" costs nothing here: a pointer blob the remote already has
 * (reachable from the remote's sha or its remote-tracking refs) is never listed as new,
 * and a pointer's bytes are fixed by its oid and size, so a new pointer blob means an
 * object the remote has not been told about by this repository. (No network is asked;
 * `lfs.storage` set to another folder is not followed.)
 */
export async function detectMissingLfsObjects(commonDir: string, facts: BlobFacts[], contents: Map<string, Buffer>): Promise<Detection[]> {
  const checks = facts.flatMap((blob) => {
    const content = blob.lfs ? contents.get(blob.object) : undefined;
    if (!content) return [];
    const parsed = parsePointer(content, blob.size);
    if (parsed.kind !== "pointer" || parsed.pointer.size === 0n) return [];
    return [{ blob, oid: parsed.pointer.oid, bytes: Number(parsed.pointer.size) }];
  });
  const present = await Promise.all(checks.map((c) => exists(lfsObjectPath(commonDir, c.oid))));
  return checks
    .filter((_, i) => !present[i])
    .map(({ blob, oid, bytes }) => ({
      rule: "lfs-missing-object" as const,
      level: "block" as const,
      path: blob.path,
      size: bytes,
      object: blob.object,
      ...(blob.commit ? { commit: blob.commit } : {}),
      message: rangeMessages.lfsMissingObject(oid),
      fix: rangeFixes.lfsFetchObject(blob.path),
    }));
}

/** Pointers that want their full content read: small blobs at LFS paths. */
export function isPointerCandidate(blob: BlobFacts): boolean {
  return blob.lfs && blob.size > 0 && blob.size < 1024;
}

async function exists(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}
