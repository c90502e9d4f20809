import { mayOpenLikePointer, parsePointer, POINTER_MAX_SIZE } from "../lfs/pointer.js";
import { rangeFixes, rangeMessages } from "../messages.js";
import type { StorageRule } from "./types.js";

/** A blob git-lfs could read as a pointer with an object: at an LFS path, not empty, pointer-sized. */
const mayBePointer = (lfs: boolean, size: number) => lfs && size > 0 && size < POINTER_MAX_SIZE;

/** A pointer's object, as git-lfs would look it up. */
interface Wanted {
  oid: string;
  size: number;
}

/**
 * `lfs-missing-object`: a new pointer, at a path that is `filter=lfs`, whose object is not
 * in the local LFS store. git-lfs's own pre-push hook uploads objects that are local; one
 * that is not can never reach the remote, and every clone would get a pointer it cannot
 * smudge.
 *
 * "Known to be on the remote" costs nothing: a pointer blob the remote already has is not
 * new, and a pointer's bytes are fixed by its oid and size, so a new pointer blob means an
 * object the remote has not been told about by this repository. (No network is asked.)
 */
export const lfsMissingObjectRule: StorageRule<Wanted> = {
  id: "lfs-missing-object",
  newBlobsOnly: true,
  needs: "lfsObjects",
  // Only a pointer is noted: text that cannot open like one never is.
  mayDetect: ({ lfs, size }, _policy, head) => mayBePointer(lfs, size) && (head === undefined || mayOpenLikePointer(head)),
  headBytes: ({ lfs, size }) => (mayBePointer(lfs, size) ? size : 0),
  note(blob) {
    if (!blob.lfs || !blob.head || blob.head.length !== blob.size) return undefined;
    const parsed = parsePointer(blob.head, blob.size);
    if (parsed.kind !== "pointer" || parsed.pointer.size === 0n) return undefined;
    return { oid: parsed.pointer.oid, size: Number(parsed.pointer.size) };
  },
  async settle(noted, { lfsObjects }) {
    const present = await Promise.all(noted.map(({ item }) => lfsObjects.has(item.oid)));
    return noted
      .filter((_, i) => !present[i])
      .map(({ blob, item }) => ({
        rule: "lfs-missing-object" as const,
        level: "block" as const,
        path: blob.path,
        size: item.size,
        object: blob.object,
        ...(blob.commit ? { commit: blob.commit } : {}),
        message: rangeMessages.lfsMissingObject(item.oid),
        fix: rangeFixes.lfsFetchObject(blob.path),
      }));
  },
};
