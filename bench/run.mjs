#!/usr/bin/env node
// `pnpm bench`: ballast against git's own floor, measured in the same run.
//
//   node bench/run.mjs             the full suite (1k and 100k-file repos, 1 GB files)
//   node bench/run.mjs --smoke     tiny sizes, one round: checks the suite completes
//   node bench/run.mjs --huge      the full suite plus a 4 GB (sparse) stow/pull and
//                                  4 GB (sparse) big-blob rows
//   options: --only startup,precommit,prepush,receive,scan,bigblob,storage  --rounds N  --out DIR
//            --cache DIR  --docs (write the table into docs/performance.md)
//            --bin FILE (another build of ballast's bin, e.g. a worktree of an older commit)
//
// Results go to bench/results/<mode>.{json,md} (gitignored); generated repositories are
// cached in bench/.cache/ keyed by their parameters. See docs/performance.md.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { ensure, root } from "../scripts/ensure.mjs";
import { ensureRepo } from "./lib/generate.mjs";
import { describeMachine } from "./lib/machine.mjs";
import { renderMarkdown, evaluateTargets } from "./lib/report.mjs";
import { benchBigBlob } from "./scenarios/bigblob.mjs";
import { benchPrecommit } from "./scenarios/precommit.mjs";
import { benchPrepush } from "./scenarios/prepush.mjs";
import { benchReceive } from "./scenarios/receive.mjs";
import { benchScan } from "./scenarios/scan.mjs";
import { benchStartup } from "./scenarios/startup.mjs";
import { benchStorage } from "./scenarios/storage.mjs";

const { values } = parseArgs({
  options: {
    smoke: { type: "boolean" },
    huge: { type: "boolean" },
    only: { type: "string" },
    rounds: { type: "string" },
    out: { type: "string" },
    cache: { type: "string" },
    docs: { type: "boolean" },
    quiet: { type: "boolean" },
    bin: { type: "string" },
  },
});

const mode = values.smoke ? "smoke" : values.huge ? "huge" : "full";
const log = (message) => values.quiet || console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
const only = values.only ? new Set(values.only.split(",")) : undefined;
const want = (section) => !only || only.has(section);
const cacheDir = path.resolve(values.cache ?? path.join(root, "bench", ".cache"));
const outDir = path.resolve(values.out ?? path.join(root, "bench", "results"));

/** Sizes per mode. The smoke run only proves the suite runs end to end. */
const SIZES = {
  smoke: {
    rounds: 1,
    small: { files: 60, commits: 24, staged: [3, 30] },
    large: undefined,
    scan: [{ files: 60, commits: 24, staged: [3, 30] }],
    pushCommits: [2, 20],
    pushBig: 4 << 20,
    fileSizes: [4 << 20],
    heavyRounds: 1,
    // Over the binary limit, over the size that is read by a stopped process, and over
    // the block size: every big-blob path, small enough for CI.
    bigBase: { files: 60, commits: 24, staged: [3, 30] },
    bigBlobs: [12 << 20],
  },
  full: {
    rounds: 7,
    small: { files: 1_000, commits: 1_100, staged: [10, 1_000, 10_000] },
    large: { files: 100_000, commits: 20, staged: [10, 1_000, 10_000] },
    scan: [
      { files: 1_000, commits: 1_100, staged: [10, 1_000, 10_000] },
      { files: 10_000, commits: 20, staged: [] },
      { files: 100_000, commits: 20, staged: [10, 1_000, 10_000] },
    ],
    pushCommits: [10, 100, 1_000],
    // A 60 MB model in the pushed range (issue 15's big-blob pre-push rows).
    pushBig: 60 << 20,
    fileSizes: [64 << 20, 256 << 20, 1 << 30],
    heavyRounds: 3,
    // A small history, so the blob's cost is not lost in the noise of a long walk.
    bigBase: { files: 200, commits: 50, staged: [] },
    bigBlobs: [60 << 20, 1 << 30],
  },
};
SIZES.huge = {
  ...SIZES.full,
  fileSizes: [...SIZES.full.fileSizes, 4 * 2 ** 30],
  sparse: 4 * 2 ** 30,
  bigBlobs: [...SIZES.full.bigBlobs, 4 * 2 ** 30],
};

async function main() {
  const sizes = SIZES[mode];
  const rounds = values.rounds ? Number(values.rounds) : sizes.rounds;
  // From a fresh clone: install and build first (not needed for a bin built elsewhere).
  if (!values.bin) ensure({ quiet: values.quiet });
  const bin = values.bin ? path.resolve(values.bin) : path.join(root, "packages", "guard", "dist", "bin.cjs");
  const commands = availableCommands(bin);
  const machine = describeMachine();
  log(`${mode} run on ${machine.cpu}, ${machine.cores} cores, ${machine.ramGB} GB, node ${machine.node}, git ${machine.git}`);
  const started = Date.now();
  const loadStart = os.loadavg()[0];
  const results = { version: 1, mode, date: new Date().toISOString(), machine, commit: headCommit(path.dirname(bin)), rounds };

  const small = ensureRepo(cacheDir, sizes.small, log);
  const large = sizes.large && (want("precommit") || want("scan")) ? ensureRepo(cacheDir, sizes.large, log) : undefined;

  if (want("startup")) results.startup = await benchStartup({ bin, cwd: small, rounds: rounds * 2, log });
  if (want("precommit")) {
    const repos = [{ label: `${sizes.small.files.toLocaleString("en")} files`, dir: small, staged: sizes.small.staged }];
    if (large) repos.push({ label: `${sizes.large.files.toLocaleString("en")} files`, dir: large, staged: sizes.large.staged });
    results.precommit = await benchPrecommit({ repos, bin, rounds, log });
  }
  if (want("prepush")) {
    results.prepush = commands.has("pre-push")
      ? await benchPrepush({ dir: small, cacheDir, bin, counts: sizes.pushCommits, big: sizes.pushBig, rounds, machine, log })
      : { available: false };
  }
  if (want("receive")) {
    results.receive = commands.has("receive") ? await benchReceive({ dir: small, bin, counts: sizes.pushCommits, rounds, log }) : { available: false };
  }
  if (want("scan")) {
    results.scan = commands.has("scan")
      ? await benchScan({ dirs: sizes.scan.map((spec) => ensureRepo(cacheDir, spec, log)), bin, rounds: Math.max(1, Math.ceil(rounds / 2)), machine, log })
      : { available: false };
  }
  if (want("bigblob")) {
    results.bigblob = ["pre-commit", "pre-push", "scan", "audit"].every((c) => commands.has(c))
      ? await benchBigBlob({ cacheDir, base: ensureRepo(cacheDir, sizes.bigBase, log), bin, sizes: sizes.bigBlobs, sparse: sizes.sparse, rounds, log })
      : { available: false };
  }
  if (want("storage")) {
    results.storage =
      commands.has("stow") && commands.has("pull")
        ? await benchStorage({ cacheDir, bin, sizes: sizes.fileSizes, sparse: sizes.sparse, rounds: sizes.heavyRounds, log })
        : { available: false };
  }
  results.seconds = Math.round((Date.now() - started) / 1000);
  results.load = { start: loadStart, end: os.loadavg()[0] };
  results.targets = evaluateTargets(results);

  mkdirSync(outDir, { recursive: true });
  const markdown = renderMarkdown(results);
  writeFileSync(path.join(outDir, `${mode}.json`), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(path.join(outDir, `${mode}.md`), markdown);
  if (values.docs) writeDocs(markdown);
  process.stdout.write(markdown);
  log(`done in ${results.seconds} s; wrote ${path.relative(process.cwd(), path.join(outDir, `${mode}.md`))} and .json`);
}

/** The commands this build of ballast has (others are still being built: reported, never faked). */
function availableCommands(bin) {
  const help = spawnSync(process.execPath, [bin, "--help"], { encoding: "utf8" });
  const names = new Set();
  for (const line of help.stdout.split("\n")) {
    // "  init        set ballast up …" (and "  ballast init …" in older builds' help).
    const match = /^ {2}(?:ballast )?([a-z][a-z-]*)\s/.exec(line);
    if (match) names.add(match[1]);
  }
  return names;
}

function headCommit(cwd) {
  const r = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd, encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** Replace the table between the markers in docs/performance.md. */
function writeDocs(markdown) {
  const file = path.join(root, "docs", "performance.md");
  const text = readFileSync(file, "utf8");
  const start = "<!-- bench:start -->";
  const end = "<!-- bench:end -->";
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error(`docs/performance.md has no ${start} … ${end} markers`);
  writeFileSync(file, `${text.slice(0, a + start.length)}\n${markdown}${text.slice(b)}`);
  log("updated docs/performance.md");
}

let finished = false;
process.on("exit", () => {
  // An await that can never settle empties the event loop: say so instead of exiting 0.
  if (!finished && process.exitCode === undefined) {
    console.error("bench failed: a measurement never finished");
    process.exitCode = 1;
  }
});
main().then(() => (finished = true)).catch((error) => {
  console.error(`bench failed: ${error?.stack ?? error}`);
  process.exitCode = 1;
});
