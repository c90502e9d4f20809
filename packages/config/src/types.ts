/** A size in bytes, or a string such as "10 MB" (10,000,000 bytes) or "10 MiB" (10,485,760 bytes). */
export type Size = number | string;

/** Every rule ballast knows, by id. */
export const RULE_IDS = [
  "size",
  "binary",
  "lfs-pointer-untracked",
  "lfs-not-pointer",
  "lfs-malformed",
  "lfs-missing-object",
  "redirect",
  "unresolved-reference",
  "forbidden",
] as const;

export type RuleId = (typeof RULE_IDS)[number];

/** How a rule's findings count: "error" blocks, "warn" is printed, "off" is not checked. */
export type RuleSetting = "error" | "warn" | "off";

export interface Limits {
  /** A blob larger than this is reported as a warning. */
  warn?: Size;
  /** A blob larger than this blocks the commit or push. */
  block?: Size;
  /** A binary blob larger than this is reported by the `binary` rule. */
  binary?: Size;
}

export interface Override {
  /** Globs (git paths, `/`-separated, relative to the repository root). */
  files: string[];
  limits?: Limits;
  rules?: Partial<Record<RuleId, RuleSetting>>;
}

export type RedirectMode = "auto" | "block";

export interface RedirectConfig {
  /** Globs of model files that belong in object storage, not in git. */
  files?: string[];
  /** "auto": pre-commit stows them; "block": stop with the stow command. */
  mode?: RedirectMode;
}

export interface StoreOptions {
  /** `file://PATH` (relative to the config file) or `s3://bucket/prefix`. */
  url: string;
  region?: string;
  endpoint?: string;
  forcePathStyle?: boolean;
  /** Milliseconds before a storage request is given up (default 30000). */
  timeout?: number;
}

/** What a user writes in `ballast.config.*`. */
export interface BallastConfig {
  /** Built-in preset names, or npm packages that export a config. */
  extends?: string | string[];
  limits?: Limits;
  overrides?: Override[];
  /** Globs never reported by the `size` and `binary` rules. */
  allow?: string[];
  /** Globs that must never be committed (e.g. ".env", "**\/*.pem"). */
  forbidden?: string[];
  redirect?: RedirectConfig;
  rules?: Partial<Record<RuleId, RuleSetting>>;
  store?: string | StoreOptions;
  /** The server's hook (`ballast receive`). */
  receive?: ReceiveConfig;
}

export interface ReceiveConfig {
  /**
   * Let a push pass unjudged with `git push -o ballast.skip="reason"` (the reason is
   * printed). Needs `git config receive.advertisePushOptions true`. Default false.
   */
  allowSkip?: boolean;
}

export interface ResolvedLimits {
  warn: number;
  block: number;
  binary: number;
}

export interface ResolvedOverride {
  files: string[];
  limits: Partial<ResolvedLimits>;
  rules: Partial<Record<RuleId, RuleSetting>>;
}

/** A config after presets, `extends` and defaults are applied: every size in bytes. */
export interface ResolvedConfig {
  limits: ResolvedLimits;
  overrides: ResolvedOverride[];
  allow: string[];
  forbidden: string[];
  redirect: { files: string[]; mode: RedirectMode };
  rules: Record<RuleId, RuleSetting>;
  store?: StoreOptions;
  receive: Required<ReceiveConfig>;
  /** Where the config came from (file paths and preset names), outermost last. */
  sources: string[];
  /** The folder relative store paths are resolved from. */
  root: string;
}

/** One thing wrong with a config, naming the file and the key path. */
export interface ConfigProblem {
  file: string;
  key: string;
  message: string;
  /** Where in the file, for a file that cannot be parsed (1-based, as editors count). */
  line?: number;
  column?: number;
}

export interface LoadConfigResult {
  config?: ResolvedConfig;
  /** The file the config was read from, if any. */
  file?: string;
  problems: ConfigProblem[];
  warnings: ConfigProblem[];
}
