// `ballast pre-commit` with K staged files against git's floor: the plumbing any correct
// guard must run, as processes started from the (already warm) harness:
//   git diff --cached --raw -z            the staged list
//   git cat-file --batch-check            every staged blob's size
//   git cat-file --batch                  the bytes of blobs that could be LFS pointers
//                                         (under 1024 bytes) or binaries over the limit
import { gitSync } from "../lib/generate.mjs";
import { git, interleave, maxOf, measured, median, medianOf, run, timed } from "../lib/measure.mjs";
import { SNIFF_BYTES } from "./scan.mjs";

const POINTER_MAX = 1024;
const BINARY_LIMIT = 1_000_000;

/** `readUpTo`: blobs up to this size are read whole (the floor: pointers only; the content floor: what ballast's rules read). */
export async function precommitFloor(repo, readUpTo = POINTER_MAX - 1) {
  const diff = await git(repo, ["diff", "--cached", "--raw", "-z", "--no-abbrev", "--no-renames", "--diff-filter=AMT"]);
  const fields = diff.toString("utf8").split("\0");
  const objects = [];
  for (let i = 0; i + 1 < fields.length; i += 2) objects.push(fields[i].split(" ")[3]);
  if (objects.length === 0) return 0;
  const info = await git(repo, ["cat-file", "--batch-check", "--buffer"], `${objects.join("\n")}\n`);
  const heads = [];
  for (const line of info.toString("utf8").split("\n")) {
    const [object, , size] = line.split(" ");
    if (size !== undefined && (Number(size) <= readUpTo || Number(size) > BINARY_LIMIT)) heads.push(object);
  }
  if (heads.length) await git(repo, ["cat-file", "--batch", "--buffer"], `${heads.join("\n")}\n`);
  return objects.length;
}

/**
 * @returns rows: { repo, staged, ballast, floor, node, samples }
 */
export async function benchPrecommit({ repos, bin, rounds, log }) {
  const rows = [];
  for (const { label, dir, staged } of repos) {
    for (const k of staged) {
      gitSync(dir, ["read-tree", `refs/bench/staged-${k}`]);
      try {
        const count = await precommitFloor(dir);
        if (count !== k) throw new Error(`expected ${k} staged files in ${label}, git sees ${count}`);
        const cpu = [];
        const rss = [];
        const samples = await interleave(
          {
            node: async () => (await run(process.execPath, ["-e", "0"], { cwd: dir })).ms,
            floor: async () => (await timed(() => precommitFloor(dir))).ms,
            content: async () => (await timed(() => precommitFloor(dir, SNIFF_BYTES))).ms,
            ballast: async () => {
              const r = await measured(process.execPath, [bin, "pre-commit"], { cwd: dir });
              cpu.push(r.cpuMs);
              rss.push(r.mb);
              return r.ms;
            },
          },
          { rounds },
        );
        const row = {
          repo: label,
          staged: k,
          ballast: median(samples.ballast),
          floor: median(samples.floor),
          content: median(samples.content),
          node: median(samples.node),
          cpu: medianOf(cpu),
          rss: maxOf(rss),
          samples,
        };
        rows.push(row);
        log(`pre-commit ${label} ${k} staged: ballast ${row.ballast.toFixed(0)} ms, floor ${row.floor.toFixed(0)} ms, node ${row.node.toFixed(0)} ms`);
      } finally {
        gitSync(dir, ["read-tree", "HEAD"]);
      }
    }
  }
  return rows;
}
