import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { BALLAST_BIN, gitdir, pseudoRandom, tempDir, type GitDir } from "@ballast/test-utils";
import { parse } from "yaml";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");

export const POINTER = "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n";

type Step = { id?: string; run?: string; env?: Record<string, string> };
type Action = { inputs: Record<string, { default?: string }>; runs: { steps: Step[] } };

/**
 * The action's scan step as the runner would start it: its `run:` text from action.yml,
 * and its `env:` with `${{ inputs.NAME }}` replaced by the input's value (or default).
 */
export function actionStep(inputs: Record<string, string> = {}): { script: string; env: Record<string, string> } {
  const action = parse(readFileSync(path.join(root, "action.yml"), "utf8")) as Action;
  const step = action.runs.steps.find((s) => s.id === "scan")!;
  const value = (name: string) => inputs[name] ?? action.inputs[name]?.default ?? "";
  const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, v.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_, n: string) => value(n))]));
  return { script: step.run!, env };
}

export interface ActionRun {
  code: number;
  stdout: string;
  stderr: string;
  summary: string;
  outputs: Record<string, string>;
}

/**
 * Run the step in `workspace` with the variables the runner sets for `event` (documented
 * in "Variables" and "Webhook events and payloads"), and the shell GitHub uses for
 * `shell: bash`: `bash --noprofile --norc -eo pipefail {0}`.
 */
export function runAction(options: { workspace: string; event: string; payload: object; github?: Record<string, string>; inputs?: Record<string, string> }): ActionRun {
  const { script, env } = actionStep(options.inputs);
  const temp = tempDir("ballast-runner-");
  const files = { event: path.join(temp, "event.json"), summary: path.join(temp, "summary.md"), output: path.join(temp, "output"), script: path.join(temp, "step.sh") };
  writeFileSync(files.event, JSON.stringify(options.payload));
  writeFileSync(files.script, script);
  for (const file of [files.summary, files.output]) writeFileSync(file, "");
  const result = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", files.script], {
    cwd: options.workspace,
    encoding: "utf8",
    env: {
      ...process.env,
      ...env,
      CI: "true",
      GITHUB_ACTIONS: "true",
      GITHUB_EVENT_NAME: options.event,
      GITHUB_EVENT_PATH: files.event,
      GITHUB_STEP_SUMMARY: files.summary,
      GITHUB_OUTPUT: files.output,
      GITHUB_WORKSPACE: options.workspace,
      RUNNER_TEMP: temp,
      ...options.github,
    },
    timeout: 120_000,
  });
  const outputs = Object.fromEntries(readFileSync(files.output, "utf8").split("\n").filter(Boolean).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr, summary: readFileSync(files.summary, "utf8"), outputs };
}

/**
 * A hosted repository (a bare `origin`) whose main branch already carries a 2 MB binary
 * and 20 commits of history (none of it to blame on the pull request), a feature branch of four commits
 * forked from it adding a 6 MB binary and a pointer-text Dockerfile, main moved on by six
 * commits since, and GitHub's `refs/pull/7/merge` (the merge actions/checkout checks out).
 */
export function hostedRepo(): { origin: string; author: GitDir; fork: string; base: string; head: string; merge: string } {
  const origin = gitdir({}, { bare: true }).dir;
  const author = gitdir({ "README.md": "hello\n", "legacy/old.bin": pseudoRandom(2_000_000, "old") });
  for (let i = 0; i < 20; i++) author.commit(`old ${i}`, { "src/a.txt": `${i}\n` });
  const fork = author.git(["rev-parse", "HEAD"]).stdout.trim();
  author.git(["checkout", "-q", "-b", "feature"]);
  author.commit("feature 1", { "src/b.txt": "b\n" });
  author.commit("feature 2", { "models/new.bin": pseudoRandom(6_000_000, "new") });
  author.commit("feature 3", { Dockerfile: POINTER });
  const head = author.commit("feature 4", { "src/c.txt": "c\n" });
  author.git(["checkout", "-q", "main"]);
  for (let i = 0; i < 6; i++) author.commit(`main ${i}`, { [`src/main-${i}.txt`]: `${i}\n` });
  const base = author.git(["rev-parse", "HEAD"]).stdout.trim();
  author.git(["checkout", "-q", "--detach"]);
  author.git(["merge", "-q", "--no-ff", "--no-verify", "-m", "Merge feature into main", "feature"]);
  const merge = author.git(["rev-parse", "HEAD"]).stdout.trim();
  author.git(["checkout", "-q", "main"]);
  author.git(["push", "-q", "--no-verify", origin, "main", "feature", `${merge}:refs/pull/7/merge`]);
  return { origin, author, fork, base, head, merge };
}

/**
 * A workspace as actions/checkout leaves it (its default fetch-depth of 1: one commit, a
 * shallow repository, a detached HEAD), with ballast installed as the repository's own
 * dev dependency (node_modules/.bin/ballast, the built binary).
 */
export function checkout(origin: string, sha: string, ref: string): string {
  const workspace = tempDir("ballast-workspace-");
  const git = (...args: string[]) => {
    const r = spawnSync("git", args, { cwd: workspace, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  };
  git("init", "-q", ".");
  git("remote", "add", "origin", `file://${origin}`);
  git("-c", "protocol.version=2", "fetch", "--no-tags", "--prune", "--no-recurse-submodules", "--depth=1", "origin", `+${sha}:${ref}`);
  git("checkout", "-q", "--detach", ref);
  writeFileSync(path.join(workspace, "package.json"), JSON.stringify({ name: "app", private: true, devDependencies: { "@ballast/guard": "*" } }));
  mkdirSync(path.join(workspace, "node_modules/.bin"), { recursive: true });
  writeFileSync(path.join(workspace, "node_modules/.bin/ballast"), `#!/bin/sh\nexec "${process.execPath}" "${BALLAST_BIN}" "$@"\n`, { mode: 0o755 });
  return workspace;
}
