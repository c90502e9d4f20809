import type { ResolvedLimits, RuleId } from "@ballast/config";

/** What ballast knows about one blob about to be recorded (or pushed). */
export interface BlobFacts {
  /** Repository path, `/`-separated. */
  path: string;
  /** Git object id of the blob. */
  object: string;
  size: number;
  /** The blob's first bytes, as many as the rules asked for (see Rule.headBytes). */
  head?: Buffer;
  /** The path has `filter=lfs` in .gitattributes (as staged or as committed). */
  lfs: boolean;
  /** The commit that introduced it, for pre-push and scan. */
  commit?: string;
}

/** The config, applied to one path: effective limits and which globs match. */
export interface PathPolicy {
  limits: ResolvedLimits;
  allowed: boolean;
  /** The forbidden glob this path matches, if any. */
  forbidden?: string;
  redirect: boolean;
  redirectMode: "auto" | "block";
}

/** A rule's raw observation, before config decides whether it is an error, a warning or nothing. */
export interface Detection {
  rule: RuleId;
  /** "block" findings become errors and "warn" findings warnings, unless config says otherwise. */
  level: "block" | "warn";
  path: string;
  size?: number;
  object?: string;
  commit?: string;
  message: string;
  fix?: string;
}

export interface Rule {
  id: RuleId;
  /** How many leading bytes of the blob this rule needs to see (0: none). */
  headBytes(info: { size: number; lfs: boolean }, policy: PathPolicy): number;
  detect(blob: BlobFacts, policy: PathPolicy): Detection[];
}

/**
 * What a rule returns when it sees nothing: one shared, frozen empty list (a rule runs for
 * every blob of a 100,000-object history; a fresh [] each time was garbage by the million).
 */
export const NO_DETECTIONS: Detection[] = Object.freeze([]) as unknown as Detection[];
