// `ballast scan --all` against git's floor,
//   git rev-list --objects --all | git cat-file --batch-check
// and, where installed, `git lfs fsck --pointers` on the same repository (it checks the
// pointers of HEAD and the index, a smaller job than every object of the history).
import { gitSync } from "../lib/generate.mjs";
import { contentPipe, gitPipe, interleave, median, run, runBin } from "../lib/measure.mjs";

/** Blobs up to this size are read by ballast's pointer rules (POINTER_SNIFF_SIZE). */
export const SNIFF_BYTES = 8192;

const CHECK_FORMAT = "--batch-check=%(objectname) %(objecttype) %(objectsize) %(rest)";

export async function benchScan({ dirs, bin, rounds, machine, log }) {
  const rows = [];
  for (const dir of dirs) {
    const objects = gitSync(dir, ["rev-list", "--objects", "--all"]).split("\n").length;
    const files = gitSync(dir, ["ls-files"]).split("\n").length;
    const measures = {
      floor: async () => (await gitPipe(dir, ["rev-list", "--objects", "--all"], ["cat-file", CHECK_FORMAT])).ms,
      content: async () => (await contentPipe(dir, ["--all"], SNIFF_BYTES)).ms,
      ballast: async () => (await runBin(bin, ["scan", "--all"], { cwd: dir, ok: [0, 1] })).ms,
    };
    if (machine.gitLfs) measures.lfs = async () => (await run("git", ["lfs", "fsck", "--pointers"], { cwd: dir })).ms;
    const samples = await interleave(measures, { rounds });
    const row = { repo: `${files.toLocaleString("en")} files`, objects, floor: median(samples.floor), content: median(samples.content), ballast: median(samples.ballast), lfs: samples.lfs ? median(samples.lfs) : undefined, samples };
    rows.push(row);
    log(`scan --all ${row.repo} (${objects} objects): ballast ${row.ballast.toFixed(0)} ms, floor ${row.floor.toFixed(0)} ms, git lfs fsck ${row.lfs?.toFixed(0) ?? "–"} ms`);
  }
  return { available: true, rows };
}
