import path from "node:path";
import { ballast, hasGitLfs } from "@ballast/test-utils";
import { afterAll, describe, expect, it } from "vitest";
import { installBin, makeBot } from "./fix-table/bot.js";
import { runPrinted } from "./fix-table/printed.js";
import { forcePushFrom, prove, type Attempt } from "./fix-table/prove.js";
import { PROVOCATIONS, type Context, type Provocation } from "./fix-table/rows.js";

/**
 * The fix table (issue 12): every rule that judges a blob, in every context where ballast
 * prints its fix: a real `git commit` through the pre-commit hook, lint-staged's
 * `ballast check`, a real `git push` to a bare remote, a CI `scan` of a pushed branch.
 * Each row runs the printed fix as printed and repeats the action (see prove.ts).
 * Storage rules and `verify` are in fix-table-storage.test.ts.
 */
const ROWS = PROVOCATIONS.flatMap((p) => p.contexts.map((context) => [context, p.name, p] as const));

/** BALLAST_FIX_TABLE=1 prints what each row ran, for the closing note. */
const printed: string[] = [];
afterAll(() => {
  if (process.env.BALLAST_FIX_TABLE) process.stdout.write(`\nfix table (${printed.length} rows)\n${printed.join("\n")}\n`);
});

describe.skipIf(!hasGitLfs())("a fix must fix: blob rules × contexts (needs git-lfs)", () => {
  const row = (context: Context, name: string, p: Provocation) => {
    const finding = prove({ rule: p.rule, path: p.path, ...(p.warning ? { warning: true } : {}), ...(p.words?.[context] ? { words: p.words[context] } : {}), ...setUp(context, p) });
    printed.push(`${context} | ${name} | ${finding.fix ?? "(words, no fix)"}`);
    // A refused push ends with one line: what to run next.
    if (context === "pre-push" && !p.warning) {
      expect(finding.first.output).toContain(finding.fix ? `next: ${finding.fix}, then push again` : "next: fix each finding above as it says, then push again");
    }
  };
  it.each(ROWS)("%s: %s", row, 240_000);
});

function setUp(context: Context, p: Provocation): { where: string; act: () => Attempt; again?: (fixOutput: string) => Attempt } {
  const bot = makeBot({ lintStaged: context === "check" });
  if (p.before) {
    p.before(bot);
    bot.git(["push", "-q", "--no-verify", "origin", "main"]);
  }
  if (context === "pre-commit" || context === "check") {
    bot.write({ ...p.change(bot), "app.txt": "v2\n" });
    bot.git(["add", "-A"]);
    p.staged?.(bot);
    // The action is the commit of what is staged: a fix that unstages is a fix here.
    return { where: bot.dir, act: () => attempt(bot.git(["commit", "-q", "-m", "provoke"], { allowFail: true })) };
  }
  if (context === "pre-push") {
    bot.commitQuietly("provoke", p.change(bot));
    bot.commitQuietly("more", { "app.txt": "v3\n" });
    const act = () => attempt(bot.git(["push", "origin", "main"], { allowFail: true }));
    // A warning lets the push through: its rewrite is of published commits, force-pushed as printed.
    return { where: bot.dir, act, ...(p.warning ? { again: (out: string) => runPrinted(forcePushFrom(out), bot.dir) } : {}) };
  }
  // scan, as CI runs it: a clone of the pushed branch, with its npm install.
  bot.git(["checkout", "-q", "-b", "feature"]);
  bot.commitQuietly("provoke", p.change(bot));
  bot.commitQuietly("more", { "app.txt": "v3\n" });
  bot.git(["push", "-q", "--no-verify", "origin", "feature"]);
  const ci = path.join(bot.base, "ci");
  bot.git(["clone", "-q", "--branch", "feature", path.join(bot.base, "remote.git"), ci], { cwd: bot.base });
  installBin(ci);
  const act = () => {
    const run = ballast(["scan", "--range", "origin/main..HEAD"], { cwd: ci });
    return { status: run.code, output: run.output };
  };
  return { where: ci, act };
}

function attempt(run: { status: number | null; stdout: string; stderr: string }): Attempt {
  return { status: run.status ?? -1, output: `${run.stdout}${run.stderr}` };
}
