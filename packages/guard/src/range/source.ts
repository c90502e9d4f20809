import { startJudging, type Judging } from "../engine/judge.js";
import type { Policy } from "../engine/policy.js";
import { placeFixes } from "../fix/context.js";
import { isRegularFileMode } from "../git/parse.js";
import type { Finding } from "../report/types.js";
import type { RuleContext } from "../rules/types.js";
import { infoAttributes, lfsAnswers, type AttributeQuestion } from "./attributes.js";
import { Layouts } from "./layouts.js";
import { Lfs, LfsStatus } from "./lfs-status.js";
import { PairJudge } from "./pair-judge.js";
import { SmallBlobReader } from "./reader.js";
import { retrackedPairs } from "./retrack.js";
import { newBlobs, type RevisionSet } from "./revlist.js";
import { walkCommits } from "./walk.js";
import { noteWork } from "../util/long-run.js";

export interface RangeProgress {
  (event: { phase: "walk" | "judge"; blobs: number }): void;
}

export interface RangeOptions {
  cwd: string;
  /** A promise lets the walk start while the config is still loading. */
  policy: Policy | Promise<Policy>;
  set: RevisionSet;
  /** The git common dir, for $GIT_DIR/info/attributes. */
  commonDir?: string;
  /** What storage rules may ask (pre-push: the LFS store and object storage); a promise, like the policy. */
  context?: RuleContext | Promise<RuleContext>;
  onProgress?: RangeProgress;
  /**
   * The `git cat-file --batch` for .gitattributes, when the caller started it to read its
   * config too (api/receive.ts). It is closed here once the policy is in and every
   * status is settled.
   */
  reader?: SmallBlobReader;
  /**
   * Fit each finding's fix to this clone (a commit is fixed by rewriting history, and a
   * pointer's bytes are looked for in the local LFS store); default true. Off for a server,
   * whose findings are fixed on the pusher's machine (api/receive.ts).
   */
  localFixes?: boolean;
  /**
   * The policy is not this clone's own config (scan --config FILE, a CI's stricter one): a
   * history fix names its files, since a plain `ballast migrate` selects by the clone's config.
   */
  namedFixes?: boolean;
  /** Every commit is on a remote already (CI): history fixes are the --everything ones. */
  allPushed?: boolean;
}

export interface RangeJudgement {
  findings: Finding[];
  /** (blob, path) pairs judged. */
  judged: number;
}

/**
 * A range of commits as a source for the judge (pre-push, scan; a received push alike):
 * every (path, blob) a commit of the set brings, with the .gitattributes of that commit,
 * each finding naming that commit. Three git processes stream together (walk.ts: the
 * commits' changes, oldest first; blob-stream.ts: sizes, then first bytes), and a pair is
 * judged as its head arrives when no line naming lfs can reach its path; the others wait,
 * head kept, for git's answer at the end (attributes.ts). A commit that changes which
 * paths are LFS has its unchanged files judged again (retrack.ts): a pointer left behind
 * when tracking is dropped. Size and binary judge a blob only where it first arrives and
 * only if the exclusions lack it (one rev-list, asked only when they have something to say,
 * and started as soon as that is likely, beside the walk).
 */
export async function judgeRange(options: RangeOptions): Promise<RangeJudgement> {
  const { cwd, set, onProgress } = options;
  // --not --all (a received push) excludes too: a blob any ref already reaches is not new.
  const excluded = set.exclude.length > 0 || set.remote !== undefined || set.notAll === true;
  const reader = options.reader ?? new SmallBlobReader(cwd);
  const layouts = new Layouts(reader);
  const status = new LfsStatus(layouts, reader, /lfs/i.test(infoAttributes(options.commonDir)));
  // Set right after the walk starts (below): the walk is the longest of the processes.
  let pairs!: PairJudge;
  let judging: Judging | undefined;
  let policy!: Policy;
  // Which blobs the exclusions already hold, asked of git (one rev-list) beside the walk, not
  // after it: as soon as a rule needs to know, or a pair is parked at a path a line naming
  // lfs reaches whose judgement, at the end, a rule for new blobs may speak in
  // (PairJudge.onParkedMaybe). Where none can, nobody asks: a received push often.
  let fresh: Promise<Set<string>> | undefined;
  const onUnsure = excluded ? () => void (fresh ??= newBlobs(cwd, set)).catch(() => {}) : undefined;
  const ready = Promise.all([options.policy, options.context]).then(([p, context]) => {
    policy = p;
    judging = startJudging({ policy: p, ...(context ? { context } : {}), ...(onUnsure ? { onUnsure } : {}) });
    pairs.ready(p, judging);
  });
  ready.catch(() => {});

  // A commit's files are taken once all its entries are in, its .gitattributes first (a
  // path such as "-x" sorts before ".gitattributes"): held in arrays reused commit to commit.
  const files: string[] = [];
  const blobs: string[] = [];
  const takeCommit = () => {
    noteWork(pairs.pairs.length);
    for (let i = 0; i < files.length; i++) pairs.add(files[i]!, blobs[i]!, layouts.layout);
    files.length = 0;
    blobs.length = 0;
  };
  let tick = 0;
  const walk = walkCommits({
    cwd,
    set,
    listener: {
      commit(sha, parents) {
        takeCommit();
        layouts.commit(sha, parents);
        pairs.commits.push(sha);
      },
      entry(path, mode, object) {
        if (path === ".gitattributes" || path.endsWith("/.gitattributes")) layouts.entry(path, mode, object);
        if (!isRegularFileMode(mode)) return;
        // Judged now, not at the commit's end, where no .gitattributes still to come in this
        // commit can reach it: a root commit of 100k files then sizes and reads heads while
        // git is still listing it.
        if (settledAttributes(path)) pairs.add(path, object, layouts.layout);
        else {
          files.push(path);
          blobs.push(object);
        }
      },
      chunk() {
        noteWork(pairs.pairs.length);
        pairs.flush();
        if (onProgress && Date.now() - tick > 100) {
          tick = Date.now();
          onProgress({ phase: "walk", blobs: pairs.pairs.length });
        }
      },
    },
  });
  // The sizer and the first head reader start now, behind the walk: they have nothing to
  // do before its first lines.
  pairs = new PairJudge(cwd, status, excluded);
  pairs.onParkedMaybe = onUnsure;

  try {
    await walk.done;
    takeCommit();
    layouts.end();
    // What git must still say: which paths a line naming lfs reaches are LFS, and which
    // files a change of .gitattributes retracked. A question needs only a pair's layout and
    // path, so it is asked now, beside the last sizes and heads, not after them.
    const { layouts: under, paths } = pairs.pairs;
    // A status can take two answers from the reader (a .gitattributes' id, then its text,
    // which git's answers need too: a top file's [attr] macros): read until none is pending.
    await reader.idle();
    const lfs = await reader.until(() => {
      const all = paths.map((path, p) => status.of(under[p]!, path));
      return all.includes(Lfs.Pending) ? undefined : all;
    });
    const questions: AttributeQuestion[] = [];
    const asked: number[] = [];
    for (let p = 0; p < paths.length; p++) {
      if (lfs[p] !== Lfs.No) asked[p] = questions.push(status.question(under[p]!, paths[p]!)) - 1;
    }
    const retracked = await retrackedPairs({ cwd, changes: layouts.changes, status, reader, questions });
    const answers = lfsAnswers({ cwd, ...(options.commonDir ? { commonDir: options.commonDir } : {}), questions, contentOf: (o) => status.content(o) });
    answers.catch(() => {});
    // Every status is settled and the config read: the reader has nothing left to read,
    // and git can exit now.
    const closed = ready.then(() => reader.close());
    closed.catch(() => {});
    await Promise.all([pairs.end(), ready]);
    onProgress?.({ phase: "judge", blobs: pairs.pairs.length });
    // Every pair not judged yet is parked (settle): a path no lfs line reaches is not LFS.
    const yes = await answers;
    for (const [p, head] of pairs.parked) pairs.judgeNow(p, head, asked[p] !== undefined && yes.has(asked[p]!));
    await retracked.judge(yes, judging!, policy);
    await closed;
    const known = excluded ? async (wanted: string[]) => inExclusions(await (fresh ?? newBlobs(cwd, set)), wanted) : undefined;
    // A retracked file is judged after the walk: where the same finding comes twice, the
    // earlier commit names it.
    let position: Map<string, number> | undefined;
    const order = (sha: string) => (position ??= new Map(pairs.commits.map((c, i) => [c, i]))).get(sha) ?? -1;
    const { findings } = await judging!.finish(known, order);
    // Every blob here is in a commit already: its fix rewrites history (fix/context.ts).
    return { findings: options.localFixes === false ? findings : await placeFixes("history", cwd, findings, { named: options.namedFixes ?? false, allPushed: options.allPushed ?? false }), judged: judging!.judged };
  } catch (error) {
    walk.kill();
    pairs.kill();
    reader.kill();
    throw error;
  }
}

const ATTRIBUTES = ".gitattributes";

/**
 * Whether every .gitattributes that can apply to `path` has already come by in its commit's
 * entries. git lists a commit's changes in tree order: within a folder, names compare as
 * bytes (a folder's as if "/" followed it, which changes nothing here). So
 * `dir/.gitattributes` comes before a path below `dir` unless the path's next name sorts
 * before ".gitattributes": "-x", "#notes", ".dockerignore" do; "src", "model.bin",
 * ".github" do not. (JavaScript compares UTF-16 units: below U+0080 that is byte order, and
 * both orders put any other character after every ASCII one.) Tested against git's order.
 */
export function settledAttributes(path: string): boolean {
  let start = 0;
  for (;;) {
    const slash = path.indexOf("/", start);
    const first = path.charCodeAt(start);
    if (first < 0x2e) return false;
    if (first === 0x2e) {
      if ((slash < 0 ? path.slice(start) : path.slice(start, slash)) < ATTRIBUTES) return false;
    }
    if (slash < 0) return true;
    start = slash + 1;
  }
}

/** The blobs among `wanted` that the set's exclusions already have (not new to the repository). */
function inExclusions(fresh: Set<string>, wanted: string[]): Set<string> {
  return new Set(wanted.filter((object) => !fresh.has(object)));
}
