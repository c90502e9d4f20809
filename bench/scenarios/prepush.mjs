// `ballast pre-push` over K new commits, with and without a big blob in the range, against
// git's floors, `git lfs pre-push --dry-run` fed the same stdin line, and the pre-push
// hook `ballast init` writes (ballast, then git-lfs, on one copy of the ref lines):
//   floor           git rev-list --objects <tip> --not <base> | git cat-file --batch-check
//   content floor   the same, plus cat-file --batch of every blob up to 512 kB (issue 15:
//                   what a pointer or binary sniff must read)
// The remote is a bare repository; refs/remotes/origin/main is set to what the remote
// has, as after a fetch, so every tool sees the same "already on the remote". The big-blob
// rows push one more commit, which adds a 60 MB random models/model.bin (refs/bench/big).
// Every process runs under GNU time where installed: wall, CPU (user + system of the
// process and the children it waited for) and peak RSS.
import { existsSync } from "node:fs";
import path from "node:path";
import { MODEL_PATH } from "../lib/bigblob-repo.mjs";
import { gitSync } from "../lib/generate.mjs";
import { assertFloorFindsObjects, contentScript, floorScript, measureCommands } from "../lib/measure.mjs";
import { ensureData } from "./storage.mjs";

/** Issue 15's content floor reads every blob up to this size. */
export const FLOOR_READ = 512 * 1024;
const BIG = 60 << 20;

export async function benchPrepush({ dir, cacheDir, bin, counts, rounds, machine, log, big = BIG }) {
  const remote = `${dir}.remote.git`;
  if (!existsSync(remote)) gitSync(path.dirname(remote), ["init", "-q", "--bare", remote]);
  if (!gitSync(dir, ["remote"]).split("\n").includes("origin")) gitSync(dir, ["remote", "add", "origin", remote]);
  const main = gitSync(dir, ["rev-parse", "main"]);
  const bigTip = big ? ensureBigCommit(dir, cacheDir, main, big) : undefined;
  const rows = [];
  try {
    for (const tip of [main, bigTip].filter(Boolean)) {
      for (const k of counts) {
        const base = gitSync(dir, ["rev-parse", `main~${k}`]);
        gitSync(dir, ["update-ref", "refs/remotes/origin/main", base]);
        rows.push(await measureRange({ dir, remote, bin, tip, base, rounds, machine, label: { commits: k + (tip === bigTip ? 1 : 0), bigBlob: tip === bigTip ? big : undefined } }));
        const row = rows.at(-1);
        log(`pre-push ${row.commits} commits${row.bigBlob ? " with a 60 MB blob" : ""} (${row.objects} objects): ballast ${row.ballast.toFixed(0)} ms (CPU ${row.cpu?.toFixed(0)}), floor ${row.floor.toFixed(0)}, content ${row.content.toFixed(0)}, git-lfs ${row.lfs?.toFixed(0) ?? "–"} (CPU ${row.lfsCpu?.toFixed(0) ?? "–"}), hook ${row.hook?.toFixed(0) ?? "–"} ms`);
      }
    }
  } finally {
    gitSync(dir, ["update-ref", "-d", "refs/remotes/origin/main"]);
  }
  return { available: true, rows };
}

async function measureRange({ dir, remote, bin, tip, base, rounds, machine, label }) {
  const stdin = `refs/heads/main ${tip} refs/heads/main ${base}\n`;
  const revs = [tip, "--not", base];
  assertFloorFindsObjects(dir, revs);
  const objects = gitSync(dir, ["rev-list", "--objects", tip, "--not", base]).split("\n").filter(Boolean).length;
  const lfs = `git lfs pre-push --dry-run origin '${remote}'`;
  // What `ballast init` writes for a repository with LFS (init/hooks.ts), with --dry-run.
  const hook = `ballast_refs=$(cat)\nprintf '%s\\n' "$ballast_refs" | '${process.execPath}' '${bin}' pre-push origin '${remote}' || exit $?\nprintf '%s\\n' "$ballast_refs" | ${lfs} || exit $?`;
  const commands = {
    node: [process.execPath, ["-e", "0"], {}],
    floor: ["sh", ["-c", `${floorScript(revs)} >/dev/null`], {}],
    content: ["sh", ["-c", contentScript(revs, FLOOR_READ)], {}],
    ballast: [process.execPath, [bin, "pre-push", "origin", remote], { input: stdin, ok: [0, 1] }],
  };
  if (machine.gitLfs) {
    commands.lfs = ["sh", ["-c", lfs], { input: stdin }];
    commands.hook = ["sh", ["-c", hook], { input: stdin, ok: [0, 1] }];
  }
  const { row: measuredRow, codes } = await measureCommands(commands, { cwd: dir, rounds });
  // A push ballast blocks (the 60 MB blob is over the recommended block size) ends the
  // hook before git-lfs runs: say so rather than show a combined cost that is not one.
  const row = { ...label, objects, ...measuredRow, blocked: codes.ballast === 1 || undefined };
  return row;
}

/** refs/bench/big: main plus one commit adding a random blob of `size` bytes at models/model.bin. */
function ensureBigCommit(dir, cacheDir, main, size) {
  const ref = `refs/bench/big-${size}`;
  const have = gitSync(dir, ["for-each-ref", "--format=%(objectname)", ref]);
  if (have && gitSync(dir, ["rev-parse", `${have}^`]) === main) return have;
  const object = gitSync(dir, ["hash-object", "-w", "--no-filters", ensureData(cacheDir, size)]);
  const tree = gitSync(dir, ["mktree"], { input: `${gitSync(dir, ["ls-tree", "main"])}\n040000 tree ${modelTree(dir, object)}\tmodels\n` });
  const commit = gitSync(dir, ["commit-tree", tree, "-p", main, "-m", "add the model"]);
  gitSync(dir, ["update-ref", ref, commit]);
  return commit;
}

function modelTree(dir, object) {
  return gitSync(dir, ["mktree"], { input: `100644 blob ${object}\t${path.basename(MODEL_PATH)}\n` });
}
