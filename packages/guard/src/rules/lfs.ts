import { parsePointer, POINTER_MAX_SIZE, POINTER_SNIFF_SIZE, type PointerParse } from "../lfs/pointer.js";
import { fixes, messages } from "../messages.js";
import type { BlobFacts, Detection, Rule } from "./types.js";
import { NO_DETECTIONS } from "./types.js";

// git-lfs decodes a pointer from a blob's first 1024 bytes and never reads on, so that is
// all any blob needs to show: the whole of a small blob, and for a larger one (up to the
// sniff size) enough to tell a padded pointer or one with junk appended. Past the sniff
// size nothing is read (a 4 GB blob costs what 8 kB does).
const lfsHead = ({ size }: { size: number }) => (size <= POINTER_SNIFF_SIZE ? Math.min(size, POINTER_MAX_SIZE) : 0);

// The three rules ask about the same blob one after another: decode it once. Keyed by the
// object id (same id, same bytes) and the head itself, so a reused buffer cannot mislead.
let last: { head: Buffer; object: string; size: number; parsed: PointerParse } | undefined;
function parse(blob: BlobFacts, head: Buffer): PointerParse {
  if (last?.head !== head || last.object !== blob.object || last.size !== blob.size) {
    last = { head, object: blob.object, size: blob.size, parsed: parsePointer(head, blob.size) };
  }
  return last.parsed;
}

function detection(blob: BlobFacts, rule: Detection["rule"], message: string, fix: string, level: Detection["level"] = "block"): Detection {
  return { rule, level, path: blob.path, size: blob.size, object: blob.object, commit: blob.commit, message, fix };
}

/**
 * `lfs-pointer-untracked`: pointer text where LFS would not smudge it (the
 * pointer-as-Dockerfile case). Pointer text is whatever git-lfs decodes: CRLF and
 * surrounding whitespace included, since an autocrlf checkout writes exactly that.
 * An empty file is git-lfs's empty pointer, but nobody's mistake.
 */
export const lfsPointerUntrackedRule: Rule = {
  id: "lfs-pointer-untracked",
  headBytes: (info) => (info.lfs ? 0 : lfsHead(info)),
  detect(blob) {
    if (blob.lfs || !blob.head || blob.size === 0) return NO_DETECTIONS;
    const parsed = parse(blob, blob.head);
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
    // Pointers git-lfs decodes pass; malformed ones are `lfs-malformed`'s to report.
    if (blob.head && parse(blob, blob.head).kind !== "none") return NO_DETECTIONS;
    return [detection(blob, "lfs-not-pointer", messages.notPointer(), fixes.lfsRenormalize(blob.path))];
  },
};

/**
 * `lfs-malformed`: almost a pointer, but git-lfs would not decode it (an error: it is
 * checked out as this text); or, at an LFS path, a pointer git-lfs decodes that is not in
 * the canonical form git-lfs writes (a warning: it works, but `git lfs fsck` flags it).
 */
export const lfsMalformedRule: Rule = {
  id: "lfs-malformed",
  headBytes: lfsHead,
  detect(blob) {
    if (!blob.head || blob.size === 0) return NO_DETECTIONS;
    const parsed = parse(blob, blob.head);
    if (parsed.kind === "pointer" && parsed.noncanonical && blob.lfs) {
      return [detection(blob, "lfs-malformed", messages.pointerNotCanonical(parsed.noncanonical), fixes.lfsCanonical(blob.path), "warn")];
    }
    if (parsed.kind !== "malformed") return NO_DETECTIONS;
    const fix = blob.lfs ? fixes.lfsRenormalize(blob.path) : fixes.unstage(blob.path);
    return [detection(blob, "lfs-malformed", messages.malformed(parsed.reason), fix)];
  },
};
