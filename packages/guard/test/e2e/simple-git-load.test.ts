import { ballast, gitdir, installHook, tempDir } from "@ballast/test-utils";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { beforeEach, describe, expect, it } from "vitest";
import { client, push, server } from "./receive-fixture.js";

// simple-git costs ~43 ms to load: the hooks (pre-commit, pre-push, receive) and the
// commands CI runs on every push (check, scan) must never load it; the cold commands do.
// Each ballast process started here (by git's hooks too) runs with a probe preloaded
// (NODE_OPTIONS=--import) that records, when the process exits, every module it loaded
// from simple-git: through require() (the CommonJS bundle) and through import() (Node's
// ESM loader, watched by a resolve hook).

let probe: { env: NodeJS.ProcessEnv; loads: () => Map<string, string[]> };

// A fresh probe per test: temporary folders are removed after each one.
beforeEach(() => {
  const dir = tempDir("ballast-probe-");
  const log = path.join(dir, "loads.tsv");
  writeFileSync(log, "");
  const hooks = path.join(dir, "hooks.mjs");
  writeFileSync(
    hooks,
    `import { appendFileSync } from "node:fs";
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (result.url.includes("simple-git")) appendFileSync(${JSON.stringify(log)}, "esm\\t" + result.url + "\\n");
  return result;
}
`,
  );
  const start = path.join(dir, "probe.mjs");
  writeFileSync(
    start,
    `import { appendFileSync } from "node:fs";
import { createRequire, register } from "node:module";
register(${JSON.stringify(pathToFileURL(hooks).href)});
const require = createRequire(import.meta.url);
process.on("exit", () => {
  const loaded = Object.keys(require.cache).filter((file) => file.includes("simple-git"));
  appendFileSync(${JSON.stringify(log)}, "exit\\t" + process.argv.slice(2).join(" ") + "\\t" + loaded.join(",") + "\\n");
});
`,
  );
  probe = {
    env: { NODE_OPTIONS: `--import=${pathToFileURL(start).href}` },
    // Per ballast command: the simple-git files it loaded (ESM lines come before its exit line).
    loads: () => {
      const byCommand = new Map<string, string[]>();
      let esm: string[] = [];
      for (const line of readFileSync(log, "utf8").split("\n").filter(Boolean)) {
        const [kind, what = "", cjs = ""] = line.split("\t");
        if (kind === "esm") esm.push(what);
        else {
          const command = what.split(" ")[0]!;
          byCommand.set(command, [...(byCommand.get(command) ?? []), ...esm, ...cjs.split(",").filter(Boolean)]);
          esm = [];
        }
      }
      return byCommand;
    },
  };
});

describe("simple-git stays off the hot path", () => {
  it("a real commit, a real push, check, scan and a server's receive load none of it", () => {
    const remote = server();
    const repo = client({ "README.md": "# bot\n", ".ballastrc.json": "{}" });
    repo.git(["config", "--unset", "core.hooksPath"]);
    installHook(repo.dir, "pre-commit");
    installHook(repo.dir, "pre-push");
    repo.git(["remote", "add", "origin", remote.url]);
    repo.write({ "src/bot.py": "print('hi')\n" });
    repo.git(["add", "-A"]);
    expect(repo.git(["commit", "-q", "-m", "code"], { env: probe.env }).status).toBe(0);
    expect(push(repo, ["-q", "origin", "main"], probe.env).status).toBe(0);
    expect(ballast(["check"], { cwd: repo.dir, env: probe.env }).code).toBe(0);
    expect(ballast(["scan", "--range", "HEAD~1..HEAD"], { cwd: repo.dir, env: probe.env }).code).toBe(0);

    const loads = probe.loads();
    // Every command ran under the probe (git ran the hooks, the server its pre-receive).
    expect([...loads.keys()].sort()).toEqual(["check", "pre-commit", "pre-push", "receive", "scan"]);
    for (const [command, files] of loads) expect({ command, files }).toEqual({ command, files: [] });
  });

  it("the cold commands load it (the probe sees it when it is there)", () => {
    const repo = gitdir({ "README.md": "# bot\n", ".ballastrc.json": "{}", "package.json": '{"name":"bot","version":"1.0.0"}\n' });
    ballast(["doctor"], { cwd: repo.dir, env: probe.env });
    ballast(["migrate", "--dry-run"], { cwd: repo.dir, env: probe.env });
    expect(ballast(["init", "--no-install"], { cwd: repo.dir, env: probe.env }).code).toBe(0);
    const loads = probe.loads();
    for (const command of ["doctor", "migrate", "init"]) expect(loads.get(command)?.join(" ")).toMatch(/simple-git/);
  });
});
