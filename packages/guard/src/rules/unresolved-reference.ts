import { isBallastError } from "../errors.js";
import { rangeFixes, rangeMessages } from "../messages.js";
import { MAX_REFERENCE_BYTES, parseReference, REFERENCE_SUFFIX, targetOf, type Reference } from "../ref/format.js";
import type { BlobFacts, Detection, StorageRule } from "./types.js";

/** A reference's object, and the stowed file it stands for. */
interface Wanted {
  reference: Reference;
  target: string;
}

/** `x.ballast` (not a bare `.ballast`): the references a stow leaves behind. */
const isReference = (path: string) => path.endsWith(REFERENCE_SUFFIX) && path !== REFERENCE_SUFFIX && !path.endsWith(`/${REFERENCE_SUFFIX}`);

/**
 * `unresolved-reference`: every new `.ballast` reference's object must end up in storage.
 * The source's storage uploads what the local cache has and storage lacks; objects in
 * neither place become findings, and a reference that cannot be read is one at once.
 * Storage that cannot be reached fails the run (exit 2), never passes it, unless config
 * made the rule a warning for every reference (a fork that cannot write to the store).
 */
export const unresolvedReferenceRule: StorageRule<Wanted> = {
  id: "unresolved-reference",
  newBlobsOnly: true,
  needs: "storage",
  mayDetect: ({ path }) => isReference(path),
  headBytes: ({ path, size }) => (isReference(path) && size <= MAX_REFERENCE_BYTES ? size : 0),
  note(blob) {
    if (!isReference(blob.path)) return undefined;
    if (blob.size > MAX_REFERENCE_BYTES || !blob.head) return detection(blob, rangeMessages.invalidReference(`is over ${MAX_REFERENCE_BYTES} bytes`), rangeFixes.fixReference(blob.path));
    const parsed = parseReference(blob.head);
    if (!parsed.ok) return detection(blob, rangeMessages.invalidReference(parsed.reason), rangeFixes.fixReference(blob.path, parsed.reason));
    return { reference: parsed.reference, target: targetOf(blob.path, parsed.reference) };
  },
  async settle(noted, { storage }, warnOnly) {
    const objects = noted.map(({ item }) => ({ sha256: item.reference.sha256, size: item.reference.size, path: item.target }));
    const result = await storage.ensure(objects).catch((error: unknown) => {
      if (!warnOnly || !isBallastError(error)) throw error;
      return error;
    });
    if (isBallastError(result)) {
      return noted.map(({ blob, item }) => ({
        ...detection(blob, rangeMessages.storeUnchecked(item.target, result.message), result.fix ?? rangeFixes.restow(item.target)),
        level: "warn" as const,
      }));
    }
    return noted
      .filter(({ item }) => result.missing.has(item.reference.sha256))
      .map(({ blob, item }) => detection(blob, rangeMessages.unresolvedReference(item.target, item.reference.sha256, result.store), rangeFixes.restow(item.target)));
  },
};

function detection(blob: BlobFacts, message: string, fix: string): Detection {
  return { rule: "unresolved-reference", level: "block", path: blob.path, size: blob.size, object: blob.object, ...(blob.commit ? { commit: blob.commit } : {}), message, fix };
}
