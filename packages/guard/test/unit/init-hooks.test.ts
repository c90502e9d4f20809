import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { BEGIN, END, mergeHook, stripBlock, type HookPlan } from "../../src/init/hooks.js";
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
