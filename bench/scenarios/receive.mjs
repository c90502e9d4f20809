// `ballast receive` judging a push of K new commits, as the pre-receive hook sees it, against
// git's floor for the same question ("what does this push bring?"), measured in the same rounds:
//   git rev-list --objects <new> --not --all | git cat-file --batch-check
// and the content floor (the same, plus cat-file --batch of the small blobs the rules read).
// A bare copy of the generated repository stands for the server: its only ref is moved back
// K commits, so the K newest commits' objects are present but no ref reaches them, exactly as
// quarantined objects are during a push.
// A third reference, the lean Node floor (lib/lean-receive.cjs): a Node script started as
// the hook is, doing only the git work any judge of the push needs (the walk of every new
// commit's paths, and the sizes and first bytes of their blobs) and judging nothing.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gitSync } from "../lib/generate.mjs";
import { assertFloorFindsObjects, cleanEnv, contentPipe, gitPipe, interleave, median, run, runBin, WALK_CHECK_FORMAT } from "../lib/measure.mjs";
import { SNIFF_BYTES } from "./scan.mjs";

const LEAN = fileURLToPath(new URL("../lib/lean-receive.cjs", import.meta.url));
// git runs pre-receive in the repository's folder with GIT_DIR=. (githooks(5)): the hooks
// measured here get the same.
const HOOK_ENV = () => cleanEnv({ GIT_DIR: "." });

const CHECK_FORMAT = `--batch-check=${WALK_CHECK_FORMAT}`;

export async function benchReceive({ dir, bin, counts, rounds, log }) {
  const server = `${dir}.server.git`;
  if (!existsSync(server)) gitSync(path.dirname(server), ["clone", "-q", "--bare", "--no-tags", "--single-branch", "--branch", "main", dir, server]);
  const tip = gitSync(server, ["rev-parse", "refs/heads/main"]);
  // Only main: every other ref the clone brought would count as "already on the server".
  for (const ref of gitSync(server, ["for-each-ref", "--format=%(refname)"]).split("\n").filter((r) => r && r !== "refs/heads/main")) gitSync(server, ["update-ref", "-d", ref]);
  const rows = [];
  try {
    for (const k of counts) {
      const base = gitSync(server, ["rev-parse", `${tip}~${k}`]);
      gitSync(server, ["update-ref", "refs/heads/main", base]);
      const stdin = `${base} ${tip} refs/heads/main\n`;
      const objects = gitSync(server, ["rev-list", "--objects", tip, "--not", "--all"]).split("\n").filter(Boolean).length;
      assertFloorFindsObjects(server, [tip, "--not", "--all"]);
      assertLeanDoesTheWork(server, stdin);
      const samples = await interleave(
        {
          floor: async () => (await gitPipe(server, ["rev-list", "--objects", tip, "--not", "--all"], ["cat-file", CHECK_FORMAT])).ms,
          content: async () => (await contentPipe(server, [tip, "--not", "--all"], SNIFF_BYTES)).ms,
          // Node's own start-up, which every hook pays and git's floor does not.
          node: async () => (await run(process.execPath, ["-e", "0"])).ms,
          lean: async () => (await run(process.execPath, [LEAN, String(SNIFF_BYTES)], { cwd: server, input: stdin, env: HOOK_ENV() })).ms,
          // The policy as a server reads it: the config committed at HEAD (none here: recommended).
          ballast: async () => (await runBin(bin, ["receive"], { cwd: server, input: stdin, ok: [0, 1], env: HOOK_ENV() })).ms,
        },
        { rounds },
      );
      const row = { commits: k, objects, floor: median(samples.floor), content: median(samples.content), ballast: median(samples.ballast), node: median(samples.node), lean: median(samples.lean), samples };
      rows.push(row);
      log(`receive ${k} commits (${objects} objects): ballast ${row.ballast.toFixed(0)} ms, floor ${row.floor.toFixed(0)} ms, content floor ${row.content.toFixed(0)} ms, lean Node floor ${row.lean.toFixed(0)} ms`);
    }
  } finally {
    gitSync(server, ["update-ref", "refs/heads/main", tip]);
  }
  return { available: true, rows };
}

/** Throws unless the lean floor walked pairs and read sizes and heads (a floor that reads nothing would flatter it). */
function assertLeanDoesTheWork(cwd, input) {
  const out = spawnSync(process.execPath, [LEAN, String(SNIFF_BYTES)], { cwd, input, encoding: "utf8" });
  const [pairs, blobs, heads, looked] = out.stdout.trim().split(" ").map(Number);
  if (out.status !== 0 || !(pairs > 0 && blobs > 0 && heads > 0 && looked === pairs)) throw new Error(`the lean floor in ${cwd} did not do the work (${out.stdout.trim()}): ${out.stderr}`);
}
