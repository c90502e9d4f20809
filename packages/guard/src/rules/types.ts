import type { ResolvedLimits, RuleId } from "@ballast/config";

/** What ballast knows about one blob at one path, about to be recorded (or pushed). */
export interface BlobFacts {
  /** Repository path, `/`-separated. */
  path: string;
  /** Git object id of the blob. */
  object: string;
  size: number;
  /** The blob's first bytes, as many as the rules asked for (see Rule.headBytes). */
  head?: Buffer;
  /** The path has `filter=lfs` in .gitattributes (as staged, or as of `commit`). */
  lfs: boolean;
  /** The commit that put this blob at this path (ranges of commits only). */
  commit?: string;
  /**
   * false where the blob is already in the repository and only its path is new (a move,
   * a copy): rules for new blobs (`newBlobsOnly`) skip it. Unset: new, or not known yet
   * (the source says which once it knows, see Judging.finish).
   */
  new?: boolean;
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

/** What a rule may ask about a blob before reading it. */
export interface HeadInfo {
  path: string;
  size: number;
  lfs: boolean;
  /** As BlobFacts.new: false spares rules for new blobs the read. */
  new?: boolean;
}

/** A rule that judges a blob by its own facts. */
export interface Rule {
  id: RuleId;
  /**
   * The rule weighs blobs (size, binary) or asks storage about them: it judges a blob only
   * where the blob is new to the repository, never a path it was moved or copied to.
   */
  newBlobsOnly?: boolean;
  /**
   * For a rule for new blobs: false when it cannot speak about this blob (too small, a path
   * it never looks at, first bytes it would not accept; `head`: the bytes headBytes asked
   * for, when already read). A cheap bound asked before the blob is judged, so that a
   * source need not find out which blobs are new for nothing (range/pair-judge.ts).
   * Absent: it may always speak.
   */
  mayDetect?(info: HeadInfo, policy: PathPolicy, head?: Buffer): boolean;
  /** How many leading bytes of the blob this rule needs to see (0: none). */
  headBytes(info: HeadInfo, policy: PathPolicy): number;
  detect(blob: BlobFacts, policy: PathPolicy): Detection[];
}

/**
 * What a source can offer the rules beyond a blob's facts. A storage rule names the one it
 * needs; where the source has none (a CI scan has no LFS store), that rule does not run.
 */
export interface RuleContext {
  /** The local git-lfs object store (pre-push): is this object downloaded here? */
  lfsObjects?: { has(oid: string): Promise<boolean> };
  /** Object storage for stowed files: make sure it holds these objects (uploading from the cache). */
  storage?: StowedStorage;
}

export interface StowedObject {
  sha256: string;
  size: number;
  /** The stowed file's repository path, for messages. */
  path: string;
}

export interface StowedStorage {
  /** The sha256 of every object that is in neither the cache nor storage; throws when storage cannot be asked. */
  ensure(objects: StowedObject[]): Promise<{ missing: Set<string>; store: string }>;
}

/** One blob a storage rule noted, with what it wants to ask about it. */
export interface Noted<T> {
  blob: BlobFacts;
  item: T;
}

/**
 * A rule that asks storage: per blob it notes what to ask (from the blob's head), then asks
 * once for every blob of the run. It always judges new blobs only (what the remote has was
 * asked about when it arrived there).
 */
export interface StorageRule<T = unknown> {
  id: RuleId;
  newBlobsOnly: true;
  needs: keyof RuleContext;
  /** As Rule.mayDetect: false when this blob would never be noted. */
  mayDetect?(info: HeadInfo, policy: PathPolicy, head?: Buffer): boolean;
  headBytes(info: HeadInfo, policy: PathPolicy): number;
  /** What to ask storage about this blob; undefined: nothing (or a detection of its own). */
  note(blob: BlobFacts, policy: PathPolicy): T | Detection | undefined;
  /**
   * Ask storage about every noted blob. `warnOnly` is true when config made this rule a
   * warning for every one of them: storage that cannot be reached is then a warning, not a failure.
   */
  settle(noted: Array<Noted<T>>, context: Required<RuleContext>, warnOnly: boolean): Promise<Detection[]>;
}

export type AnyRule = Rule | StorageRule;

export function isStorageRule(rule: AnyRule): rule is StorageRule {
  return "needs" in rule;
}

/**
 * What a rule returns when it sees nothing: one shared, frozen empty list (a rule runs for
 * every blob of a 100,000-object history; a fresh [] each time was garbage by the million).
 */
export const NO_DETECTIONS: Detection[] = Object.freeze([]) as unknown as Detection[];
