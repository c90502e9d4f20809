import { fixes, messages } from "../messages.js";
import type { Rule } from "./types.js";
import { NO_DETECTIONS } from "./types.js";

/** `size`: a blob over the warn or block limit (allow globs exempt; redirected files are stowed, not sized). */
export const sizeRule: Rule = {
  id: "size",
  newBlobsOnly: true,
  mayDetect: ({ size }, policy) => !policy.allowed && !policy.redirect && size > policy.limits.warn,
  headBytes: () => 0,
  detect(blob, policy) {
    if (policy.allowed || policy.redirect) return NO_DETECTIONS;
    const { warn, block } = policy.limits;
    const base = { rule: "size" as const, path: blob.path, size: blob.size, object: blob.object, commit: blob.commit };
    if (blob.size > block) return [{ ...base, level: "block", message: messages.sizeBlock(blob.size, block), fix: fixes.stow(blob.path) }];
    if (blob.size > warn) return [{ ...base, level: "warn", message: messages.sizeWarn(blob.size, warn), fix: fixes.stow(blob.path) }];
    return NO_DETECTIONS;
  },
};
