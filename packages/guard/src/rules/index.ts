import { binaryRule } from "./binary.js";
import { forbiddenRule } from "./forbidden.js";
import { lfsMalformedRule, lfsNotPointerRule, lfsPointerUntrackedRule } from "./lfs.js";
import { redirectRule } from "./redirect.js";
import { sizeRule } from "./size.js";
import type { Rule } from "./types.js";

/**
 * The rules that judge a blob by its own facts. Adding one means one file and one line here.
 * (`lfs-missing-object` and `unresolved-reference` need storage and live with pre-push.)
 */
export const blobRules: Rule[] = [
  forbiddenRule,
  redirectRule,
  sizeRule,
  binaryRule,
  lfsPointerUntrackedRule,
  lfsNotPointerRule,
  lfsMalformedRule,
];

export type { BlobFacts, Detection, PathPolicy, Rule } from "./types.js";
export { isBinary, BINARY_SNIFF_BYTES } from "./binary.js";
