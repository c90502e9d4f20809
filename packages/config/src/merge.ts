import { parseSize } from "./size.js";
import { RULE_IDS } from "./types.js";
import type {
  BallastConfig,
  Limits,
  ResolvedConfig,
  ResolvedLimits,
  RuleId,
  RuleSetting,
  StoreOptions,
} from "./types.js";

/** The defaults every config starts from: the `recommended` preset's numbers. */
export const DEFAULT_LIMITS: ResolvedLimits = { warn: 1e6, block: 1e7, binary: 1e6 };

/**
 * Merge config layers, outermost (lowest priority) first, the way ESLint's `extends` does:
 * lists add up (allow, forbidden, overrides, redirect.files), objects merge key by key
 * (limits, rules), and single values are replaced (redirect.mode, store).
 * Layers must already be valid; sizes are converted to bytes here.
 */
export function mergeConfigs(layers: BallastConfig[], meta: { sources: string[]; root: string }): ResolvedConfig {
  const resolved: ResolvedConfig = {
    limits: { ...DEFAULT_LIMITS },
    overrides: [],
    allow: [],
    forbidden: [],
    redirect: { files: [], mode: "block" },
    rules: Object.fromEntries(RULE_IDS.map((id) => [id, "error"])) as Record<RuleId, RuleSetting>,
    receive: { allowSkip: false },
    sources: meta.sources,
    root: meta.root,
  };
  for (const layer of layers) {
    Object.assign(resolved.limits, toBytes(layer.limits));
    for (const override of layer.overrides ?? []) {
      resolved.overrides.push({ files: [...override.files], limits: toBytes(override.limits), rules: { ...override.rules } });
    }
    addUnique(resolved.allow, layer.allow);
    addUnique(resolved.forbidden, layer.forbidden);
    addUnique(resolved.redirect.files, layer.redirect?.files);
    if (layer.redirect?.mode) resolved.redirect.mode = layer.redirect.mode;
    Object.assign(resolved.rules, layer.rules);
    if (layer.store !== undefined) resolved.store = normaliseStore(layer.store);
    if (layer.receive?.allowSkip !== undefined) resolved.receive.allowSkip = layer.receive.allowSkip;
  }
  return resolved;
}

function toBytes(limits: Limits | undefined): Partial<ResolvedLimits> {
  const out: Partial<ResolvedLimits> = {};
  for (const key of ["warn", "block", "binary"] as const) {
    const bytes = parseSize(limits?.[key]);
    if (bytes !== undefined) out[key] = bytes;
  }
  return out;
}

function addUnique(target: string[], items: string[] | undefined): void {
  for (const item of items ?? []) if (!target.includes(item)) target.push(item);
}

export function normaliseStore(store: string | StoreOptions): StoreOptions {
  return typeof store === "string" ? { url: store } : { ...store };
}
