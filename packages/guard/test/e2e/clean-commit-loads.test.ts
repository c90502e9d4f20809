import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ballast, gitdir, tempDir } from "@ballast/test-utils";
import { expect, it } from "vitest";

/**
 * What a clean commit never loads (docs/performance.md, "How a commit's hook runs"):
 * `crypto` among Node's own modules. A preload writes the built-in modules a run loaded;
 * the same log sees crypto once a staged .gitattributes makes pre-commit load the code
 * that judges the files it retracks (engine/retrack-index.ts), so the log can fail.
 */
function builtinLog(): { env: NodeJS.ProcessEnv; loaded: () => string[] } {
  const dir = tempDir();
  const log = path.join(dir, "builtins.log");
  const preload = path.join(dir, "preload.cjs");
  writeFileSync(
    preload,
    `process.on("exit", () => require("node:fs").writeFileSync(${JSON.stringify(log)}, process.moduleLoadList.filter((m) => m.startsWith("NativeModule ")).map((m) => m.slice(13)).join("\\n")));\n`,
  );
  return { env: { NODE_OPTIONS: `--require=${preload}` }, loaded: () => readFileSync(log, "utf8").split("\n") };
}

it("a clean commit loads no crypto; one that stages a .gitattributes does", () => {
  const repo = gitdir({ "a.txt": "a\n", "w/real.bin": "not a pointer\n" });
  const log = builtinLog();

  repo.write({ "b.txt": "b\n" });
  repo.git(["add", "-A"]);
  const clean = ballast(["pre-commit"], { cwd: repo.dir, env: log.env });
  expect(clean.code, clean.output).toBe(0);
  expect(log.loaded()).toContain("fs");
  expect(log.loaded()).not.toContain("crypto");

  repo.write({ ".gitattributes": "*.bin filter=lfs diff=lfs merge=lfs -text\n" });
  repo.git(["add", ".gitattributes"]);
  const tracked = ballast(["pre-commit"], { cwd: repo.dir, env: log.env });
  expect(tracked.code, tracked.output).toBe(1);
  expect(tracked.output).toContain("w/real.bin");
  expect(log.loaded()).toContain("crypto");
});
