import { formatSize, type ResolvedConfig } from "@ballast/config";
import { pushObjects, type PushObject, type TransferProgress } from "../api/push.js";
import { BallastError, isBallastError } from "../errors.js";
import { rangeFixes, rangeMessages } from "../messages.js";
import { MAX_REFERENCE_BYTES, parseReference, targetOf, type Reference } from "../ref/format.js";
import { isReferencePath } from "../ref/resolve.js";
import type { BlobFacts, Detection } from "../rules/types.js";

/** A `.ballast` blob being pushed, parsed (or why it cannot be). */
export interface PushedReference {
  blob: BlobFacts;
  /** The stowed file it stands for, as a repository path. */
  target?: string;
  reference?: Reference;
  problem?: string;
}

/** Blobs whose content should be read to check references. */
export function isReferenceCandidate(blob: BlobFacts): boolean {
  return isReferencePath(blob.path) && blob.size <= MAX_REFERENCE_BYTES;
}

/** Parse the pushed reference blobs (content read by the caller in one cat-file). */
export function pushedReferences(facts: BlobFacts[], contents: Map<string, Buffer>): PushedReference[] {
  return facts
    .filter((blob) => isReferencePath(blob.path))
    .map((blob) => {
      const text = contents.get(blob.object);
      if (!text) return { blob, problem: `is over ${MAX_REFERENCE_BYTES} bytes` };
      const parsed = parseReference(text);
      if (!parsed.ok) return { blob, problem: parsed.reason };
      return { blob, reference: parsed.reference, target: targetOf(blob.path, parsed.reference) };
    });
}

export interface ResolveOptions {
  cwd: string;
  config: ResolvedConfig;
  env?: NodeJS.ProcessEnv;
  references: PushedReference[];
  /**
   * Every reference's rule setting is "warn" (a fork that cannot write to the store): a
   * store that cannot be reached becomes a warning per reference instead of exit 2.
   */
  tolerant?: boolean;
  onProgress?: (message: string) => void;
}

export interface Resolution {
  detections: Detection[];
  uploaded: number;
  store?: string;
}

/**
 * `unresolved-reference`: every pushed reference's object must end up in storage. The
 * storage side is `pushObjects` (ballast push): objects storage lacks are uploaded from
 * the local cache before the push goes on, and objects in neither place come back as
 * missing, which become findings. The store is opened only when a reference is pushed
 * (so the AWS SDK loads only then); a store that cannot be reached throws
 * STORE_UNREACHABLE and the push is blocked (exit 2), never passed, unless the config
 * made the rule a warning (`tolerant`). With the rule off, the caller skips all this.
 */
export async function resolvePushedReferences(options: ResolveOptions): Promise<Resolution> {
  const detections: Detection[] = options.references
    .filter((r) => r.problem)
    .map((r) => detection(r.blob, rangeMessages.invalidReference(r.problem!), rangeFixes.fixReference(r.blob.path)));
  const valid = options.references.filter((r) => r.reference);
  if (valid.length === 0) return { detections, uploaded: 0 };

  const objects: PushObject[] = valid.map((r) => ({ sha256: r.reference!.sha256, size: r.reference!.size, path: r.target! }));
  const result = await pushObjects({
    cwd: options.cwd,
    config: options.config,
    objects,
    ...(options.env ? { env: options.env } : {}),
    ...(options.onProgress ? { onProgress: progressLine(options.onProgress) } : {}),
  }).catch((error: unknown) => {
    const failure = isBallastError(error)
      ? error
      : new BallastError("STORE_UNREACHABLE", `storage could not be checked for the stowed files this push references: ${(error as Error).message}`, {
          fix: "check that the store is reachable, then push again",
          cause: error,
        });
    if (!options.tolerant) throw failure;
    return failure;
  });
  if (isBallastError(result)) {
    for (const r of valid) detections.push({ ...detection(r.blob, rangeMessages.storeUnchecked(r.target!, result.message), result.fix ?? rangeFixes.restow(r.target!)), level: "warn" });
    return { detections, uploaded: 0 };
  }
  const missing = new Set(result.missing.map((o) => o.sha256));
  for (const r of valid) {
    if (!missing.has(r.reference!.sha256)) continue;
    detections.push(detection(r.blob, rangeMessages.unresolvedReference(r.target!, r.reference!.sha256, result.store), rangeFixes.restow(r.target!)));
  }
  return { detections, uploaded: result.uploaded.length, store: result.store };
}

/** Upload progress as one line per finished file (stderr, on a terminal only). */
function progressLine(write: (message: string) => void): (p: TransferProgress) => void {
  return (p) => {
    if (p.bytes === p.total) write(`ballast: ${p.done}/${p.count} ${p.path} (${formatSize(p.total)}) in storage\n`);
  };
}

function detection(blob: BlobFacts, message: string, fix: string): Detection {
  return {
    rule: "unresolved-reference",
    level: "block",
    path: blob.path,
    size: blob.size,
    object: blob.object,
    ...(blob.commit ? { commit: blob.commit } : {}),
    message,
    fix,
  };
}
