export { defineConfig } from "./define.js";
export { loadConfig, findConfigFile, CONFIG_FILES, type LoadConfigOptions } from "./load.js";
export { mergeConfigs, DEFAULT_LIMITS } from "./merge.js";
export { presets, PRESET_NAMES, isPresetName, type PresetName } from "./presets.js";
export { configSchema } from "./schema.js";
export { parseSize, formatSize } from "./size.js";
export { validateConfig, type SchemaProblem } from "./validate.js";
export { RULE_IDS } from "./types.js";
export type {
  BallastConfig,
  ConfigProblem,
  Limits,
  LoadConfigResult,
  Override,
  RedirectConfig,
  ReceiveConfig,
  RedirectMode,
  ResolvedConfig,
  ResolvedLimits,
  ResolvedOverride,
  RuleId,
  RuleSetting,
  Size,
  StoreOptions,
} from "./types.js";
