// `ballast pre-push` over K new commits against git's floor,
//   git rev-list --objects <tip> --not <remote tip> | git cat-file --batch-check
// and, where installed, `git lfs pre-push --dry-run` fed the same stdin line.
// The remote is a bare repository; refs/remotes/origin/main is set to what the remote
// has, as after a fetch, so every tool sees the same "already on the remote".
import { existsSync } from "node:fs";
import path from "node:path";
import { gitSync } from "../lib/generate.mjs";
import { contentPipe, gitPipe, interleave, median, run, runBin } from "../lib/measure.mjs";
import { SNIFF_BYTES } from "./scan.mjs";

const CHECK_FORMAT = "--batch-check=%(objectname) %(objecttype) %(objectsize) %(rest)";

export async function benchPrepush({ dir, bin, counts, rounds, machine, log }) {
  const remote = `${dir}.remote.git`;
  if (!existsSync(remote)) gitSync(path.dirname(remote), ["init", "-q", "--bare", remote]);
  if (!gitSync(dir, ["remote"]).split("\n").includes("origin")) gitSync(dir, ["remote", "add", "origin", remote]);
  const tip = gitSync(dir, ["rev-parse", "main"]);
  const rows = [];
  for (const k of counts) {
    const base = gitSync(dir, ["rev-parse", `main~${k}`]);
    gitSync(dir, ["update-ref", "refs/remotes/origin/main", base]);
    const stdin = `refs/heads/main ${tip} refs/heads/main ${base}\n`;
    const floor = () => gitPipe(dir, ["rev-list", "--objects", tip, "--not", base], ["cat-file", CHECK_FORMAT]);
    const objects = (await gitPipeLines(dir, tip, base));
    const measures = {
      floor: async () => (await floor()).ms,
      content: async () => (await contentPipe(dir, [tip, "--not", base], SNIFF_BYTES)).ms,
      ballast: async () => (await runBin(bin, ["pre-push", "origin", remote], { cwd: dir, input: stdin })).ms,
    };
    if (machine.gitLfs) measures.lfs = async () => (await run("git", ["lfs", "pre-push", "--dry-run", "origin", remote], { cwd: dir, input: stdin })).ms;
    const samples = await interleave(measures, { rounds });
    const row = { commits: k, objects, floor: median(samples.floor), content: median(samples.content), ballast: median(samples.ballast), lfs: samples.lfs ? median(samples.lfs) : undefined, samples };
    rows.push(row);
    log(`pre-push ${k} commits (${objects} objects): ballast ${row.ballast.toFixed(0)} ms, floor ${row.floor.toFixed(0)} ms, git-lfs ${row.lfs?.toFixed(0) ?? "–"} ms`);
  }
  gitSync(dir, ["update-ref", "-d", "refs/remotes/origin/main"]);
  return { available: true, rows };
}

async function gitPipeLines(dir, tip, base) {
  const out = gitSync(dir, ["rev-list", "--objects", tip, "--not", base]);
  return out ? out.split("\n").length : 0;
}
