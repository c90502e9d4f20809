import { hookWords } from "../messages.js";
import { shellQuote } from "../util/shell.js";
import { installCommand, type PackageManager } from "./project.js";

/** The hooks ballast writes into `.husky/`: its own two, and git-lfs's four when LFS is used. */
export const HOOKS = ["pre-commit", "pre-push", "post-checkout", "post-commit", "post-merge"] as const;
export type HookName = (typeof HOOKS)[number];

export const BEGIN = "# >>> ballast (written by `ballast init`; lines outside these markers are yours)";
export const END = "# <<< ballast";

export interface HookPlan {
  /** The package folder relative to the git root ("" at the root): hooks `cd` there first. */
  subdir: string;
  packageManager: PackageManager;
  /** The repository uses Git LFS: chain git-lfs's hooks (husky owns core.hooksPath). */
  lfs: boolean;
  /** pre-commit runs lint-staged, whose config runs `ballast check`. */
  lintStaged: boolean;
}

/** A line of the user's that ends the hook (`exit 0`), at any indentation. */
const EXITS = /^\s*exit\b/m;

/** What already runs a step, so a hand-written line is never doubled. */
export const RUNS = {
  ballastPreCommit: /\bballast\s+pre-commit\b/,
  ballastPrePush: /\bballast\s+pre-push\b/,
  lintStaged: /\blint-staged\b/,
  lfs: (hook: HookName) => new RegExp(`\\bgit[ -]lfs\\s+${hook}\\b`),
};

/**
 * Add ballast's block to a hook's text, or update the block already there. Returns the
 * new text, or undefined when the hook needs nothing (it is set up, or has no job here).
 * Lines outside the markers are never touched. pre-push's block goes first, because it
 * reads git's ref lines on stdin before anything else can; the others go last.
 */
export function mergeHook(hook: HookName, existing: string | undefined, plan: HookPlan): string | undefined {
  const outside = existing ? stripBlock(existing) : "";
  const body = blockBody(hook, outside, plan);
  const block = body ? `${BEGIN}\n${body}${END}\n` : "";
  let next: string;
  if (existing && existing.includes(BEGIN) && EXITS.test(existing.slice(0, existing.indexOf(BEGIN)))) {
    // Written after the user's `exit` by an older init: it never ran. Moved first.
    next = block ? withBlockFirst(stripBlock(existing), block) : stripBlock(existing);
  } else if (existing && existing.includes(BEGIN)) {
    const start = existing.indexOf(BEGIN);
    const endAt = existing.indexOf(END, start);
    const stop = endAt < 0 ? existing.length : existing.indexOf("\n", endAt) + 1 || existing.length;
    next = existing.slice(0, start) + block + existing.slice(stop);
  } else if (!block) {
    return undefined;
  } else if (!existing) {
    next = block;
  } else if (hook === "pre-push" || EXITS.test(existing)) {
    // First: pre-push's block reads the ref lines before anything else can, and a block
    // after the user's `exit 0` would never run (the commit would pass unjudged).
    next = withBlockFirst(existing, block);
  } else {
    next = `${existing}${existing.endsWith("\n") ? "" : "\n"}${block}`;
  }
  return next === (existing ?? "") ? undefined : next;
}

/** The hook's text without ballast's block. */
export function stripBlock(text: string): string {
  const start = text.indexOf(BEGIN);
  if (start < 0) return text;
  const endAt = text.indexOf(END, start);
  const stop = endAt < 0 ? text.length : text.indexOf("\n", endAt) + 1 || text.length;
  return text.slice(0, start) + text.slice(stop);
}

/** `block` at the top of `text`, after its shebang line if it has one. */
function withBlockFirst(text: string, block: string): string {
  const shebang = text.startsWith("#!") ? text.slice(0, text.indexOf("\n") + 1 || text.length) : "";
  return shebang + block + text.slice(shebang.length);
}

/**
 * Whether ballast's block in this hook text can end the hook with success (`exit 0`), as
 * blocks written before 0.x did when BALLAST_SKIP was set or ballast was missing: the
 * lines after it (git lfs pre-push) were skipped. Today's blocks never do; init rewrites them.
 */
export function endsEarly(text: string): boolean {
  const start = text.indexOf(BEGIN);
  if (start < 0) return false;
  const end = text.indexOf(END, start);
  return /\bexit 0\b/.test(text.slice(start, end < 0 ? text.length : end));
}

function blockBody(hook: HookName, outside: string, plan: HookPlan): string {
  const needBallast =
    hook === "pre-commit"
      ? !RUNS.ballastPreCommit.test(outside) && !(plan.lintStaged && RUNS.lintStaged.test(outside))
      : hook === "pre-push" && !RUNS.ballastPrePush.test(outside);
  const needLfs = plan.lfs && hook !== "pre-commit" && !RUNS.lfs(hook).test(outside);
  // A repository that starts using LFS after init must not push pointers without their
  // objects: pre-push runs git-lfs's upload wherever git-lfs is installed, LFS or not yet.
  const laterLfs = !plan.lfs && hook === "pre-push" && !RUNS.lfs(hook).test(outside);
  if (!needBallast && !needLfs && !laterLfs) return "";

  // pre-push: git writes its ref lines on stdin once, and ballast, git-lfs and any line of
  // the user's after this block each need them: read them once, hand each its copy.
  const prePush = hook === "pre-push";
  const lines: string[] = prePush ? ["ballast_refs=$(cat)"] : [];
  if (needBallast) lines.push(...inSubdir(plan.subdir, ballastStep(hook, plan)));
  // git-lfs's step comes after ballast's and nothing before it ends the hook with success:
  // BALLAST_SKIP, or ballast not installed, must never skip the LFS upload (SPEC).
  if (needLfs) {
    lines.push(
      "if ! command -v git-lfs >/dev/null 2>&1; then",
      `  echo ${shellQuote(hookWords.lfsMissing())} >&2`,
      "  exit 2",
      "fi",
      `${prePush ? `printf '%s\\n' "$ballast_refs" | ` : ""}git lfs ${hook} "$@" || exit $?`,
    );
  }
  if (laterLfs) {
    lines.push(
      "if command -v git-lfs >/dev/null 2>&1; then",
      `  printf '%s\\n' "$ballast_refs" | git lfs pre-push "$@" || exit $?`,
      "fi",
    );
  }
  if (prePush) lines.push("exec <<ballast_refs_end", "$ballast_refs", "ballast_refs_end");
  return `${lines.join("\n")}\n`;
}

/**
 * ballast's own step. Not installed: stop (fail closed) unless BALLAST_SKIP is set, and
 * then go on to the next step rather than `exit 0`, which would skip git-lfs's too.
 * Every step ends in `|| exit $?`: inside a subshell, or without husky's `sh -e`, a
 * failing command would otherwise be forgotten and the hook would pass.
 */
function ballastStep(hook: HookName, plan: HookPlan): string[] {
  const bin = hook === "pre-commit" && plan.lintStaged ? "lint-staged" : "ballast";
  const run =
    hook === "pre-push" ? `printf '%s\\n' "$ballast_refs" | ballast pre-push "$@"` : plan.lintStaged ? "lint-staged" : "ballast pre-commit";
  // A GUI git client may run hooks without node on PATH: ballast's bin would fail with
  // 127 ("env: node: not found"), which husky reports as a missing command, and
  // BALLAST_SKIP (read by ballast itself) could not skip it. Said here instead, in sh.
  return [
    "if ! command -v node >/dev/null 2>&1; then",
    `  if [ "\${BALLAST_SKIP:-0}" = "0" ]; then echo ${shellQuote(hookWords.noNode(hook))} >&2; exit 1; fi`,
    `elif command -v ${bin} >/dev/null 2>&1; then`,
    `  ${run} || exit $?`,
    `elif [ "\${BALLAST_SKIP:-0}" = "0" ]; then`,
    `  echo ${shellQuote(hookWords.notInstalled(bin, installCommand(plan.packageManager), hook))} >&2`,
    "  exit 1",
    "fi",
  ];
}

/**
 * In a monorepo subfolder the binaries are in <subdir>/node_modules/.bin, which husky's
 * PATH (a relative node_modules/.bin) finds once we are there; the subshell keeps the cd ours.
 */
function inSubdir(subdir: string, lines: string[]): string[] {
  if (!subdir) return lines;
  return ["(", `  cd ${shellQuote(subdir)} || exit 2`, ...lines.map((l) => `  ${l}`), ") || exit $?"];
}
