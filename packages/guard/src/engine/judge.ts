import type { RuleSetting } from "@ballast/config";
import type { Finding } from "../report/types.js";
import { rules as allRules } from "../rules/index.js";
import { isStorageRule, type AnyRule, type BlobFacts, type Detection, type HeadInfo, type Noted, type PathPolicy, type RuleContext } from "../rules/types.js";
import { decide } from "./decide.js";
import type { Policy } from "./policy.js";

export interface JudgeOptions {
  policy: Policy;
  /** What the source offers storage rules; a rule whose need is missing does not run. */
  context?: RuleContext;
  /** The rules (default: every rule, rules/index.ts). */
  rules?: AnyRule[];
  /**
   * Called once, the first time a rule for new blobs speaks about a blob not yet known to be
   * new: finish() will ask `known`, and a source can start finding out now (range/source.ts).
   */
  onUnsure?: () => void;
}

export interface Judgement {
  detections: Detection[];
  findings: Finding[];
}

/**
 * One run of the rules over the blobs a source feeds it: the index (pre-commit, check),
 * a range of commits (pre-push, scan), later a received push. This is the only place rules
 * run; sources only find blobs, paths and facts.
 */
export interface Judging {
  /** How many leading bytes of a blob the rules that run at this path need (0: none). */
  headBytes(info: HeadInfo, pathPolicy: PathPolicy): number;
  /**
   * Whether finish() could need to know if this blob is new: a rule for new blobs that runs
   * at this path may speak about it (Rule.mayDetect). Lets a source start finding out early
   * only where it can matter (range/source.ts).
   */
  mayAskNew(info: HeadInfo, pathPolicy: PathPolicy, head?: Buffer): boolean;
  /** Judge one blob at one path with every rule that runs there. The head is not kept. */
  judge(blob: BlobFacts, pathPolicy: PathPolicy): void;
  /** (blob, path) pairs judged so far. */
  readonly judged: number;
  /**
   * After the last blob: drop what rules for new blobs said about the blobs `known` names
   * (already in the repository: moved or copied, not added), ask storage once per storage
   * rule, then apply the config. One finding per rule, path and blob (a range may bring
   * the same blob to the same path twice): the one of the earliest commit by `commitOrder`
   * (a range's walk position; a file a later .gitattributes retracked is judged after the
   * walk), else the first judged.
   */
  finish(known?: (objects: string[]) => Set<string> | Promise<Set<string>>, commitOrder?: (commit: string) => number): Promise<Judgement>;
}

interface Active {
  rule: AnyRule;
  /** The rule's setting when no override can change it by path. */
  everywhere: RuleSetting | undefined;
}

export function startJudging({ policy, context = {}, rules = allRules, onUnsure }: JudgeOptions): Judging {
  // Settings looked up once per run, not once per rule per blob; a storage rule without
  // what it needs is left out here, once.
  const active: Active[] = rules
    .filter((rule) => !isStorageRule(rule) || context[rule.needs] !== undefined)
    .map((rule) => ({ rule, everywhere: policy.ruleSettingEverywhere(rule.id) }))
    .filter(({ everywhere }) => everywhere !== "off");
  const runs = (a: Active, path: string) => (a.everywhere ?? policy.ruleSetting(a.rule.id, path)) !== "off";
  const detections: Detection[] = [];
  // Said by rules for new blobs about blobs not yet known to be new: kept until finish().
  const unsure = new Set<Detection>();
  const noted = new Map<AnyRule, Array<Noted<unknown>>>();
  let judged = 0;

  return {
    headBytes(info, pathPolicy) {
      let bytes = 0;
      for (const a of active) {
        if (a.rule.newBlobsOnly && info.new === false) continue;
        if (runs(a, info.path)) bytes = Math.max(bytes, a.rule.headBytes(info, pathPolicy));
      }
      return bytes;
    },
    mayAskNew(info, pathPolicy, head) {
      if (info.new === false) return false;
      for (const a of active) {
        if (a.rule.newBlobsOnly && runs(a, info.path) && (a.rule.mayDetect?.(info, pathPolicy, head) ?? true)) return true;
      }
      return false;
    },
    judge(blob, pathPolicy) {
      judged++;
      for (const a of active) {
        const { rule } = a;
        if (rule.newBlobsOnly && blob.new === false) continue;
        if (!runs(a, blob.path)) continue;
        if (isStorageRule(rule)) {
          const item = rule.note(blob, pathPolicy);
          if (item === undefined) continue;
          if (isDetection(item)) keep(item, blob);
          else {
            if (blob.new === undefined) unsureOnce();
            list(noted, rule).push({ blob: withoutHead(blob), item });
          }
          continue;
        }
        const found = rule.detect(blob, pathPolicy);
        for (let i = 0; i < found.length; i++) keep(found[i]!, blob, rule.newBlobsOnly);
      }
    },
    get judged() {
      return judged;
    },
    async finish(known, commitOrder) {
      const unsureObjects = new Set<string>();
      for (const d of unsure) unsureObjects.add(d.object!);
      for (const list of noted.values()) for (const n of list) if (n.blob.new === undefined) unsureObjects.add(n.blob.object);
      const old = known && unsureObjects.size > 0 ? await known([...unsureObjects]) : new Set<string>();
      const kept = old.size === 0 ? detections : detections.filter((d) => !(unsure.has(d) && old.has(d.object!)));
      for (const [rule, list] of noted) {
        if (!isStorageRule(rule)) continue;
        const fresh = list.filter((n) => !old.has(n.blob.object));
        if (fresh.length === 0) continue;
        const warnOnly = fresh.every((n) => policy.ruleSetting(rule.id, n.blob.path) === "warn");
        kept.push(...(await rule.settle(fresh, context as Required<RuleContext>, warnOnly)));
      }
      const unique = once(commitOrder ? byCommit(kept, commitOrder) : kept);
      return { detections: unique, findings: decide(unique, policy) };
    },
  };

  function keep(d: Detection, blob: BlobFacts, newBlobsOnly?: boolean): void {
    detections.push(d);
    if (newBlobsOnly && blob.new === undefined && d.object) {
      unsureOnce();
      unsure.add(d);
    }
  }

  function unsureOnce(): void {
    if (!onUnsure) return;
    const call = onUnsure;
    onUnsure = undefined;
    call();
  }
}

function isDetection(item: unknown): item is Detection {
  return typeof item === "object" && item !== null && "rule" in item && "level" in item && "message" in item;
}

function list<K, V>(map: Map<K, V[]>, key: K): V[] {
  let found = map.get(key);
  if (!found) map.set(key, (found = []));
  return found;
}

function withoutHead(blob: BlobFacts): BlobFacts {
  const copy: BlobFacts = { path: blob.path, object: blob.object, size: blob.size, lfs: blob.lfs };
  if (blob.commit) copy.commit = blob.commit;
  if (blob.new !== undefined) copy.new = blob.new;
  return copy;
}

/** Earliest commit first; the same commit (or none) keeps the order judged. */
function byCommit(detections: Detection[], order: (commit: string) => number): Detection[] {
  const at = (d: Detection) => (d.commit === undefined ? -1 : order(d.commit));
  return detections
    .map((d, i) => ({ d, i, at: at(d) }))
    .sort((a, b) => a.at - b.at || a.i - b.i)
    .map(({ d }) => d);
}

/** The first detection per rule, path and blob. */
function once(detections: Detection[]): Detection[] {
  const seen = new Set<string>();
  return detections.filter((d) => {
    if (d.object === undefined) return true;
    const key = `${d.rule}\0${d.path}\0${d.object}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
