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
  if (existing && existing.includes(BEGIN)) {
    const start = existing.indexOf(BEGIN);
    const endAt = existing.indexOf(END, start);
    const stop = endAt < 0 ? existing.length : existing.indexOf("\n", endAt) + 1 || existing.length;
    next = existing.slice(0, start) + block + existing.slice(stop);
  } else if (!block) {
    return undefined;
  } else if (!existing) {
    next = block;
  } else if (hook === "pre-push") {
    const shebang = existing.startsWith("#!") ? existing.slice(0, existing.indexOf("\n") + 1 || existing.length) : "";
    next = shebang + block + existing.slice(shebang.length);
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

function blockBody(hook: HookName, outside: string, plan: HookPlan): string {
  const lines: string[] = [];
  const needBallast =
    hook === "pre-commit"
      ? !RUNS.ballastPreCommit.test(outside) && !(plan.lintStaged && RUNS.lintStaged.test(outside))
      : hook === "pre-push" && !RUNS.ballastPrePush.test(outside);
  const needLfs = plan.lfs && hook !== "pre-commit" && !RUNS.lfs(hook).test(outside);
  if (!needBallast && !needLfs) return "";

  const install = installCommand(plan.packageManager);
  if (needBallast) {
    const bin = hook === "pre-commit" && plan.lintStaged ? "lint-staged" : "ballast";
    lines.push(
      `if ! command -v ${bin} >/dev/null 2>&1; then`,
      `  [ "\${BALLAST_SKIP:-0}" != "0" ] && exit 0`,
      `  echo ${shellQuote(hookWords.notInstalled(bin, install, hook))} >&2`,
      "  exit 1",
      "fi",
    );
  }
  if (needLfs) {
    lines.push(
      "if ! command -v git-lfs >/dev/null 2>&1; then",
      `  echo ${shellQuote(hookWords.lfsMissing())} >&2`,
      "  exit 2",
      "fi",
    );
  }
  // Every step ends in `|| exit $?`: inside a subshell, or without husky's `sh -e`, a failing
  // command would otherwise be forgotten and the hook would pass.
  if (hook === "pre-commit") lines.push(`${plan.lintStaged ? "lint-staged" : "ballast pre-commit"} || exit $?`);
  else if (hook === "pre-push" && needBallast && needLfs) {
    // Both read git's ref lines on stdin: read them once and hand each its copy.
    lines.push(
      "ballast_refs=$(cat)",
      'if [ -n "$ballast_refs" ]; then',
      `  printf '%s\\n' "$ballast_refs" | ballast pre-push "$@" || exit $?`,
      `  printf '%s\\n' "$ballast_refs" | git lfs pre-push "$@" || exit $?`,
      "fi",
    );
  } else if (hook === "pre-push" && needBallast) lines.push(`ballast pre-push "$@" || exit $?`);
  else lines.push(`git lfs ${hook} "$@" || exit $?`);

  if (!plan.subdir) return `${lines.join("\n")}\n`;
  // In a monorepo subfolder the binaries are in <subdir>/node_modules/.bin, which husky's
  // PATH (a relative node_modules/.bin) finds once we are there; the subshell keeps the cd ours.
  return `(\n  cd ${shellQuote(plan.subdir)} || exit 2\n${lines.map((l) => `  ${l}`).join("\n")}\n) || exit $?\n`;
}
