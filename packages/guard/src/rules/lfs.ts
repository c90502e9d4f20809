import { parsePointer, POINTER_MAX_SIZE, POINTER_SNIFF_SIZE } from "../lfs/pointer.js";
import { fixes, messages } from "../messages.js";
import type { BlobFacts, Detection, Rule } from "./types.js";
import { NO_DETECTIONS } from "./types.js";

// A valid pointer is under 1024 bytes, so that is all any blob needs to show: the whole of
// a small blob, and for a larger one (up to the sniff size) enough to tell whether it
// opens like a pointer (an oversized, hence malformed, one).
const lfsHead = ({ size }: { size: number }) => (size <= POINTER_SNIFF_SIZE ? Math.min(size, POINTER_MAX_SIZE) : 0);

function detection(blob: BlobFacts, rule: Detection["rule"], message: string, fix: string): Detection {
  return { rule, level: "block", path: blob.path, size: blob.size, object: blob.object, commit: blob.commit, message, fix };
}

/** `lfs-pointer-untracked`: pointer text where LFS would not smudge it (the pointer-as-Dockerfile case). */
export const lfsPointerUntrackedRule: Rule = {
  id: "lfs-pointer-untracked",
  headBytes: (info) => (info.lfs ? 0 : lfsHead(info)),
  detect(blob) {
    if (blob.lfs || !blob.head || blob.size >= POINTER_MAX_SIZE) return NO_DETECTIONS;
    const parsed = parsePointer(blob.head, blob.size);
    if (parsed.kind !== "pointer") return NO_DETECTIONS;
    return [detection(blob, "lfs-pointer-untracked", messages.pointerUntracked(), fixes.lfsPullFile(blob.path))];
  },
};

/** `lfs-not-pointer`: an LFS-tracked path whose staged content is the real file. */
export const lfsNotPointerRule: Rule = {
  id: "lfs-not-pointer",
  headBytes: (info) => (info.lfs ? lfsHead(info) : 0),
  detect(blob) {
    if (!blob.lfs) return NO_DETECTIONS;
    // git-lfs treats an empty file as an empty pointer.
    if (blob.size === 0) return NO_DETECTIONS;
    if (blob.size < POINTER_MAX_SIZE && blob.head && parsePointer(blob.head, blob.size).kind === "pointer") return NO_DETECTIONS;
    // Malformed pointers are `lfs-malformed`'s to report.
    if (blob.head && parsePointer(blob.head, blob.size).kind === "malformed") return NO_DETECTIONS;
    return [detection(blob, "lfs-not-pointer", messages.notPointer(), fixes.lfsRenormalize(blob.path))];
  },
};

/** `lfs-malformed`: content that is almost a pointer but breaks the spec. */
export const lfsMalformedRule: Rule = {
  id: "lfs-malformed",
  headBytes: lfsHead,
  detect(blob) {
    if (!blob.head) return NO_DETECTIONS;
    const parsed = parsePointer(blob.head, blob.size);
    if (parsed.kind !== "malformed") return NO_DETECTIONS;
    const fix = blob.lfs ? fixes.lfsRenormalize(blob.path) : fixes.unstage(blob.path);
    return [detection(blob, "lfs-malformed", messages.malformed(parsed.reason), fix)];
  },
};
