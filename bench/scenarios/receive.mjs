// `ballast receive` judging a push of K new commits, as the pre-receive hook sees it, against
// git's floor for the same question ("what does this push bring?"), measured in the same rounds:
//   git rev-list --objects <new> --not --all | git cat-file --batch-check
// and the content floor (the same, plus cat-file --batch of the small blobs the rules read).
// A bare copy of the generated repository stands for the server: its only ref is moved back
// K commits, so the K newest commits' objects are present but no ref reaches them, exactly as
// quarantined objects are during a push.
import { existsSync } from "node:fs";
import path from "node:path";
import { gitSync } from "../lib/generate.mjs";
import { assertFloorFindsObjects, contentPipe, gitPipe, interleave, median, run, runBin, WALK_CHECK_FORMAT } from "../lib/measure.mjs";
import { SNIFF_BYTES } from "./scan.mjs";

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
      const samples = await interleave(
        {
          floor: async () => (await gitPipe(server, ["rev-list", "--objects", tip, "--not", "--all"], ["cat-file", CHECK_FORMAT])).ms,
          content: async () => (await contentPipe(server, [tip, "--not", "--all"], SNIFF_BYTES)).ms,
          // Node's own start-up, which every hook pays and git's floor does not.
          node: async () => (await run(process.execPath, ["-e", "0"])).ms,
          // The policy as a server reads it: the config committed at HEAD (none here: recommended).
          ballast: async () => (await runBin(bin, ["receive"], { cwd: server, input: stdin, ok: [0, 1] })).ms,
        },
        { rounds },
      );
      const row = { commits: k, objects, floor: median(samples.floor), content: median(samples.content), ballast: median(samples.ballast), node: median(samples.node), samples };
      rows.push(row);
      log(`receive ${k} commits (${objects} objects): ballast ${row.ballast.toFixed(0)} ms, floor ${row.floor.toFixed(0)} ms, content floor ${row.content.toFixed(0)} ms`);
    }
  } finally {
    gitSync(server, ["update-ref", "refs/heads/main", tip]);
  }
  return { available: true, rows };
}
