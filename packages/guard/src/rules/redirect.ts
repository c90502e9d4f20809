import { fixes, messages } from "../messages.js";
import { REFERENCE_SUFFIX } from "../ref/format.js";
import type { Rule } from "./types.js";
import { NO_DETECTIONS } from "./types.js";

/**
 * `redirect`: a model file that belongs in object storage. The rule only detects;
 * in `auto` mode pre-commit stows the file instead of reporting it.
 */
export const redirectRule: Rule = {
  id: "redirect",
  headBytes: () => 0,
  detect(blob, policy) {
    // A reference is what a redirect leaves behind: a glob such as `models/**` matches it
    // too, and stowing it would commit `x.ballast.ballast` in place of the real reference.
    if (!policy.redirect || blob.path.endsWith(REFERENCE_SUFFIX)) return NO_DETECTIONS;
    return [
      {
        rule: "redirect",
        level: "block",
        path: blob.path,
        size: blob.size,
        object: blob.object,
        commit: blob.commit,
        message: messages.redirectBlock(blob.size),
        fix: fixes.stow(blob.path),
      },
    ];
  },
};
