import { fixes, messages } from "../messages.js";
import type { Rule } from "./types.js";

/**
 * `redirect`: a model file that belongs in object storage. The rule only detects;
 * in `auto` mode pre-commit stows the file instead of reporting it.
 */
export const redirectRule: Rule = {
  id: "redirect",
  headBytes: () => 0,
  detect(blob, policy) {
    if (!policy.redirect) return [];
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
