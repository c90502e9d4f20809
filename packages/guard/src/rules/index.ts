import { binaryRule } from "./binary.js";
import { forbiddenRule } from "./forbidden.js";
import { lfsMalformedRule, lfsNotPointerRule, lfsPointerUntrackedRule } from "./lfs.js";
import { lfsMissingObjectRule } from "./lfs-missing-object.js";
import { redirectRule } from "./redirect.js";
import { sizeRule } from "./size.js";
import type { AnyRule } from "./types.js";
import { unresolvedReferenceRule } from "./unresolved-reference.js";

/**
 * Every rule, in the order its findings are listed. Adding one means its file and one line
 * here (and its words in messages.ts); engine/judge.ts runs them, for every source.
 */
export const rules: AnyRule[] = [
  forbiddenRule,
  redirectRule,
  sizeRule,
  binaryRule,
  lfsPointerUntrackedRule,
  lfsNotPointerRule,
  lfsMalformedRule,
  lfsMissingObjectRule,
  unresolvedReferenceRule,
];

export type { AnyRule, BlobFacts, Detection, HeadInfo, PathPolicy, Rule, RuleContext, StorageRule, StowedObject, StowedStorage } from "./types.js";
export { isStorageRule } from "./types.js";
export { isBinary, BINARY_SNIFF_BYTES } from "./binary.js";
