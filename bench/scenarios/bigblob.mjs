// Every judge path with one big blob in what it judges (issue 11 item 6, issue 15): the
// staged set for pre-commit, the pushed range for pre-push, the history for scan --all
// and audit. Each is measured beside the same run without the blob (a 4 kB file in its
// place), interleaved, with peak RSS and CPU time from GNU time (the largest of ballast
// and the git processes it waited for; their summed user + system time). Two configs:
//   over the block size   the recommended preset: the blob is `size`'s alone, sized by
//                         git and never read
//   under the block size  block and warn at 8 GiB: the binary rule reads its first
//                         8000 bytes, and nothing more
// Targets: peak RSS ≤ 150 MB and ≤ 50 ms over the run without the blob, at any size.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { ensureBigBlobRepo, FLOOR_SIZE, pushLine, remoteOf } from "../lib/bigblob-repo.mjs";
import { interleave, median, peakRss } from "../lib/measure.mjs";
import { gitSync } from "../lib/generate.mjs";

export const CONFIGS = {
  "over block": { extends: ["recommended"] },
  "under block": { extends: ["recommended"], limits: { warn: "8 GiB", block: "8 GiB" } },
};

const COMMANDS = {
  "pre-commit": () => ({ args: ["pre-commit"] }),
  "pre-push": (dir) => ({ args: ["pre-push", "origin", remoteOf(dir)], input: pushLine(dir) }),
  "scan --all": () => ({ args: ["scan", "--all"] }),
  audit: () => ({ args: ["audit"] }),
};

/**
 * @param sizes   blob sizes in bytes; `sparse` is the one made of zeros (a sparse file)
 * @returns { available, rssMethod, rows: { size, sparse, config, command, ballast, floor, rss, floorRss, samples } }
 */
export async function benchBigBlob({ cacheDir, base, bin, sizes, sparse, rounds, log }) {
  const floorDir = ensureBigBlobRepo(cacheDir, { base, size: FLOOR_SIZE, log });
  const rows = [];
  let rssMethod;
  for (const size of sizes) {
    const isSparse = size === sparse;
    const dir = ensureBigBlobRepo(cacheDir, { base, size, sparse: isSparse, log });
    // Issue 15's pre-commit row: 10 staged files, the big one among them.
    for (const d of [dir, floorDir]) stageSmallFiles(d, 9);
    for (const [config, settings] of Object.entries(CONFIGS)) {
      for (const d of [dir, floorDir]) writeFileSync(path.join(d, "ballast.config.json"), `${JSON.stringify(settings, null, 2)}\n`);
      const rss = {};
      const cpu = {};
      const measures = {};
      for (const [command, argsOf] of Object.entries(COMMANDS)) {
        for (const [name, d] of [[command, dir], [`${command} floor`, floorDir]]) {
          const { args, input } = argsOf(d);
          rss[name] = [];
          cpu[name] = [];
          measures[name] = async () => {
            const r = await peakRss(process.execPath, [bin, ...args], { cwd: d, input, ok: [0, 1] });
            rssMethod = r.method;
            rss[name].push(r.mb);
            cpu[name].push(r.cpuMs);
            return r.ms;
          };
        }
      }
      // Node's start-up in the same rounds: issue 15's pre-commit target is relative to it.
      measures.node = async () => (await peakRss(process.execPath, ["-e", "0"], { cwd: dir })).ms;
      const samples = await interleave(measures, { rounds });
      for (const command of Object.keys(COMMANDS)) {
        const row = {
          size,
          sparse: isSparse || undefined,
          config,
          command,
          ballast: median(samples[command]),
          node: median(samples.node),
          floor: median(samples[`${command} floor`]),
          rss: maxOf(rss[command]),
          floorRss: maxOf(rss[`${command} floor`]),
          cpu: medianOf(cpu[command]),
          floorCpu: medianOf(cpu[`${command} floor`]),
          samples: { ballast: samples[command], floor: samples[`${command} floor`] },
        };
        rows.push(row);
        log(`${command} with a ${label(row)} blob (${config}): ${row.ballast.toFixed(0)} ms, ${row.rss?.toFixed(0)} MB; without: ${row.floor.toFixed(0)} ms, ${row.floorRss?.toFixed(0)} MB`);
      }
    }
    for (const d of [dir, floorDir]) gitSync(d, ["read-tree", "main"]);
    // Back to the committed config.
    for (const d of [dir, floorDir]) writeFileSync(path.join(d, "ballast.config.json"), `${JSON.stringify(CONFIGS["over block"], null, 2)}\n`);
  }
  return { available: true, rounds, rssMethod, rows };
}

/** Stage `n` small new text files beside the model (read-tree main undoes it). */
function stageSmallFiles(dir, n) {
  for (let i = 0; i < n; i++) {
    const object = gitSync(dir, ["hash-object", "-w", "--stdin"], { input: `staged note ${i}\n`.repeat(20 + i) });
    gitSync(dir, ["update-index", "--add", "--cacheinfo", `100644,${object},notes/note-${i}.txt`]);
  }
}

function medianOf(values) {
  return values.every((v) => v !== undefined) ? median(values) : undefined;
}

function maxOf(values) {
  return values.every((v) => v !== undefined) ? Math.max(...values) : undefined;
}

function label(row) {
  const size = row.size >= 2 ** 30 ? `${row.size / 2 ** 30} GB` : `${Math.round(row.size / 2 ** 20)} MB`;
  return row.sparse ? `${size} sparse` : size;
}
