import { spawnSync } from "node:child_process";
import path from "node:path";
import { tempDir } from "@ballast/test-utils";
import { describe, expect, it } from "vitest";
import { BEGIN, END, endsEarly, mergeHook, stripBlock, type HookPlan } from "../../src/init/hooks.js";
import { hookWords } from "../../src/messages.js";
import { prepareScript, withPrepare } from "../../src/init/package-json.js";

const plan: HookPlan = { subdir: "", packageManager: "npm", lfs: false, lintStaged: false };

describe("mergeHook", () => {
  it("writes a new hook with ballast's block between markers", () => {
    const text = mergeHook("pre-commit", undefined, plan)!;
    expect(text.startsWith(`${BEGIN}\n`)).toBe(true);
    expect(text.endsWith(`${END}\n`)).toBe(true);
    expect(text).toContain("ballast pre-commit || exit $?");
    expect(text).toContain("ballast is not installed yet: run npm install");
  });

  it("is a fixed point: merging again changes nothing", () => {
    for (const hook of ["pre-commit", "pre-push", "post-merge"] as const) {
      const once = mergeHook(hook, "echo mine\n", { ...plan, lfs: true });
      expect(once).toBeDefined();
      expect(mergeHook(hook, once, { ...plan, lfs: true })).toBeUndefined();
    }
  });

  it("updates its own block in place when the plan changes (LFS added later), keeping the user's lines", () => {
    const first = mergeHook("pre-push", "npm test\n", plan)!;
    const second = mergeHook("pre-push", first, { ...plan, lfs: true })!;
    expect(second).toContain('git lfs pre-push "$@"');
    expect(second.split(BEGIN).length).toBe(2);
    expect(stripBlock(second)).toBe("npm test\n");
  });

  it("goes before the user's lines when they end the hook (exit 0): after them it would never run", () => {
    const mine = "#!/usr/bin/env sh\necho my-checks\nexit 0\n";
    const text = mergeHook("pre-commit", mine, plan)!;
    expect(text.indexOf(BEGIN)).toBeLessThan(text.indexOf("exit 0"));
    expect(text.startsWith("#!/usr/bin/env sh\n")).toBe(true);
    expect(stripBlock(text)).toBe(mine);
    // The hook, run: ballast's step runs (here: not installed, so the hook stops with its words).
    const run = spawnSync("sh", ["-c", text], { encoding: "utf8", env: { PATH: "/usr/bin:/bin" } });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("ballast is not installed yet");
    // A block an older init wrote after the exit is moved first.
    const old = `${mine}${BEGIN}\nballast pre-commit || exit $?\n${END}\n`;
    const moved = mergeHook("pre-commit", old, plan)!;
    expect(moved.indexOf(BEGIN)).toBeLessThan(moved.indexOf("exit 0"));
    expect(stripBlock(moved)).toBe(mine);
    // Without an exit, the user's lines stay first, as before.
    expect(mergeHook("pre-commit", "npm test\n", plan)!.startsWith("npm test\n")).toBe(true);
  });

  it("pre-push runs git-lfs's upload wherever git-lfs is installed, also in a repository without LFS yet", () => {
    const text = mergeHook("pre-push", undefined, plan)!;
    expect(text).toContain("if command -v git-lfs >/dev/null 2>&1; then");
    expect(text).toContain('git lfs pre-push "$@" || exit $?');
    // Without git-lfs it is no error: nothing to upload.
    expect(text).not.toContain('exit 2');
  });

  it("without node on the hook's PATH (a GUI git client): says so in sh, BALLAST_SKIP skips, and the printed line gives husky's hooks node", () => {
    const text = mergeHook("pre-commit", undefined, plan)!;
    const nowhere = tempDir("ballast-empty-path-");
    const run = spawnSync("/bin/sh", ["-c", text], { encoding: "utf8", env: { PATH: nowhere } });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("ballast: git runs this hook without node on its PATH");
    expect(spawnSync("/bin/sh", ["-c", text], { encoding: "utf8", env: { PATH: nowhere, BALLAST_SKIP: "1" } }).status).toBe(0);
    // The fix, run once where node works; husky sources ~/.config/husky/init.sh before each hook.
    const home = tempDir("ballast-home-");
    const nodeDir = path.dirname(process.execPath);
    const fixed = spawnSync("/bin/bash", ["-c", hookWords.noNodeFix], { encoding: "utf8", env: { HOME: home, PATH: `${nodeDir}:/usr/bin:/bin` } });
    expect(fixed.status, fixed.stderr).toBe(0);
    const after = spawnSync("/bin/sh", ["-c", `. "$HOME/.config/husky/init.sh"\n${text}`], { encoding: "utf8", env: { HOME: home, PATH: nowhere } });
    expect(after.stderr).not.toContain("without node");
    // Node found; ballast itself is not installed in this bare test folder, and says so.
    expect(after.stderr).toContain("ballast is not installed yet");
  });

  it("does not double a line the user wrote by hand", () => {
    expect(mergeHook("pre-commit", "npx ballast pre-commit\n", plan)).toBeUndefined();
    expect(mergeHook("pre-commit", "npx lint-staged\n", { ...plan, lintStaged: true })).toBeUndefined();
    expect(mergeHook("post-checkout", 'git lfs post-checkout "$@"\n', { ...plan, lfs: true })).toBeUndefined();
    // Without LFS there is nothing to add to post-checkout at all.
    expect(mergeHook("post-checkout", undefined, plan)).toBeUndefined();
  });

  it("names the package manager's install command and cds into a monorepo subfolder in a subshell", () => {
    const text = mergeHook("pre-commit", undefined, { ...plan, subdir: "apps/my bot", packageManager: "pnpm" })!;
    expect(text).toContain("run pnpm install");
    expect(text).toContain("cd 'apps/my bot' || exit 2");
    expect(text).toContain(") || exit $?");
  });

  it("produces hooks that sh parses, and fail when the step fails even without sh -e", () => {
    for (const p of [plan, { ...plan, lfs: true }, { ...plan, subdir: "apps/bot", lfs: true }]) {
      for (const hook of ["pre-commit", "pre-push", "post-commit"] as const) {
        const text = mergeHook(hook, undefined, p);
        if (!text) continue;
        expect(spawnSync("sh", ["-n"], { input: text }).status, `${hook}\n${text}`).toBe(0);
      }
    }
    // A stand-in `ballast` that fails: the hook must fail with its code.
    const script = `ballast() { return 3; }\ncd() { :; }\n${mergeHook("pre-commit", undefined, { ...plan, subdir: "x" })}echo reached\n`;
    const result = spawnSync("sh", ["-c", script], { encoding: "utf8" });
    expect(result.status).toBe(3);
    expect(result.stdout).not.toContain("reached");
  });
});

describe("skipping ballast never skips git-lfs", () => {
  const lfsPlan = { ...plan, lfs: true };
  /** Run a pre-push block with stand-ins that record what each step read on stdin. */
  function runPrePush(options: { ballast: boolean; skip?: string; subdir?: string; after?: string }) {
    const text = mergeHook("pre-push", options.after, { ...lfsPlan, subdir: options.subdir ?? "" })!;
    const standIns = [
      'git() { echo "lfs $1 $2 $3: $(cat)"; }',
      'command() { [ "$2" = ballast ] && [ "$HAVE" = 1 ] && return 0; [ "$2" = git-lfs ] && return 0; [ "$2" = node ] && return 0; return 1; }',
      options.ballast ? 'ballast() { echo "ballast $1: $(cat)"; }' : "",
      "cd() { :; }",
    ].join("\n");
    const env = { ...process.env, HAVE: options.ballast ? "1" : "0", BALLAST_SKIP: options.skip ?? "" };
    return spawnSync("sh", ["-c", `${standIns}\n${text}`, "hook", "origin", "url"], { input: "refs/heads/main abc refs/heads/main def\n", encoding: "utf8", env });
  }

  it("no block can end a hook with success", () => {
    for (const p of [plan, lfsPlan, { ...lfsPlan, subdir: "apps/bot" }, { ...lfsPlan, lintStaged: true }]) {
      for (const hook of ["pre-commit", "pre-push", "post-checkout", "post-commit", "post-merge"] as const) {
        expect(mergeHook(hook, undefined, p) ?? "").not.toMatch(/exit 0/);
      }
    }
  });

  it("hands git's ref lines to ballast, git-lfs and the user's lines after the block", () => {
    const result = runPrePush({ ballast: true, after: 'echo "mine: $(cat)"\n' });
    expect(result.stdout).toBe(
      ["ballast pre-push: refs/heads/main abc refs/heads/main def", "lfs lfs pre-push origin: refs/heads/main abc refs/heads/main def", "mine: refs/heads/main abc refs/heads/main def", ""].join("\n"),
    );
  });

  it("BALLAST_SKIP=1 with ballast missing still runs git lfs pre-push; without the skip it stops first", () => {
    for (const subdir of ["", "apps/bot"]) {
      const skipped = runPrePush({ ballast: false, skip: "1", subdir });
      expect(skipped.status).toBe(0);
      expect(skipped.stdout).toContain("lfs lfs pre-push origin: refs/heads/main abc");
      const stopped = runPrePush({ ballast: false, subdir });
      expect(stopped.status).toBe(1);
      expect(stopped.stdout).not.toContain("lfs pre-push");
      expect(stopped.stderr).toContain("BALLAST_SKIP=1 git push");
    }
  });

  it("endsEarly tells an old block (exit 0 on skip) from today's", () => {
    const old = `${BEGIN}\nif ! command -v ballast >/dev/null 2>&1; then\n  [ "\${BALLAST_SKIP:-0}" != "0" ] && exit 0\n  exit 1\nfi\n${END}\n`;
    expect(endsEarly(old)).toBe(true);
    // A user's own `exit 0` after the block is theirs, not an old block.
    expect(endsEarly(`${mergeHook("pre-push", undefined, lfsPlan)!}exit 0\n`)).toBe(false);
    expect(endsEarly(mergeHook("pre-push", old, lfsPlan)!)).toBe(false);
  });
});

describe("package.json", () => {
  it("prepare: husky at the root, cd up and a relative hooks dir in a subfolder", () => {
    expect(prepareScript("")).toBe("husky");
    expect(prepareScript("apps/bot")).toBe("cd ../.. && husky apps/bot/.husky");
  });

  it("keeps an existing prepare script, formatting, and is idempotent", () => {
    const text = '{\n\t"name": "bot",\n\t"scripts": { "prepare": "tsc" }\n}\n';
    const next = withPrepare(text, "")!;
    expect(JSON.parse(next).scripts.prepare).toBe("husky && tsc");
    expect(next).toContain('\n\t"name"');
    expect(withPrepare(next, "")).toBeUndefined();
  });
});
