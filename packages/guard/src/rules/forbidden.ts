import { hints, messages } from "../messages.js";
import type { Rule } from "./types.js";
import { NO_DETECTIONS } from "./types.js";

/** `forbidden`: a path matching a forbidden glob (secrets, env files), whatever its size. */
export const forbiddenRule: Rule = {
  id: "forbidden",
  headBytes: () => 0,
  detect(blob, policy) {
    if (!policy.forbidden) return NO_DETECTIONS;
    return [
      {
        rule: "forbidden",
        level: "block",
        path: blob.path,
        size: blob.size,
        object: blob.object,
        commit: blob.commit,
        message: messages.forbidden(policy.forbidden),
        fix: hints.forbiddenFix(blob.path),
      },
    ];
  },
};
