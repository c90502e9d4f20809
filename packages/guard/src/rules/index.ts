import { binaryRule } from "./binary.js";
import { forbiddenRule } from "./forbidden.js";
import { lfsMalformedRule, lfsNotPointerRule, lfsPointerUntrackedRule } from "./lfs.js";
import { lfsMissingObjectRule } from "./lfs-missing-object.js";
import { redirectRule } from "./redirect.js";
import { sizeRule } from "./size.js";
import type { RuleId } from "@ballast/config";
import type { AnyRule } from "./types.js";
import { unresolvedReferenceRule } from "./unresolved-reference.js";

/**
 * Every rule, by the id config knows it by (RULE_IDS in @ballast/config: a rule missing
 * here, or here without an id, does not compile). Adding one means its file, one line
 * here and its words in messages.ts; engine/judge.ts runs them, for every source.
 */
export const ruleById: Record<RuleId, AnyRule> = {
  forbidden: forbiddenRule,
  redirect: redirectRule,
  size: sizeRule,
  binary: binaryRule,
  "lfs-pointer-untracked": lfsPointerUntrackedRule,
  "lfs-not-pointer": lfsNotPointerRule,
  "lfs-malformed": lfsMalformedRule,
  "lfs-missing-object": lfsMissingObjectRule,
  "unresolved-reference": unresolvedReferenceRule,
};

/** The rules in the order above. */
export const rules: AnyRule[] = Object.values(ruleById);

export type { AnyRule, BlobFacts, Detection, HeadInfo, PathPolicy, Rule, RuleContext, StorageRule, StowedObject, StowedStorage } from "./types.js";
export { isStorageRule } from "./types.js";
export { isBinary, BINARY_SNIFF_BYTES } from "./binary.js";
