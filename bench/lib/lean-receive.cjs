// The least a Node pre-receive hook can do and still judge what `ballast receive` judges:
// a reference point for the receive rows, not ballast code, and it judges nothing.
//
// Any judge of a push must know every path every new commit touches, with the blob it puts
// there (rules such as `forbidden`, `redirect` and the LFS pointer rules speak about moved
// and copied files too, whose blobs `rev-list --objects … --not --all` never lists), and the
// size and first bytes of those blobs. So this script, started the way a hook is (Node, the
// pushed lines on stdin, the bare repository as its folder):
//
//   1. runs the same walk as ballast (range/walk.ts's `git log --raw -z … --stdin --not --all`)
//      and takes each entry's path and new blob into two arrays;
//   2. hands each distinct blob, as the walk names it, to ONE OS pipeline
//        git cat-file --batch-check | tee SIZES | awk 'small blobs' | git cat-file --batch > HEADS
//      (one process started from Node, no answer read back until the end);
//   3. reads both files and looks up each pair's size and first byte.
//
// No config, no rules, no messages, no module but Node's own. Variants measured on
// 2026-11-30: everything in one shell pipeline with the walk tee'd to a file came within
// 3 ms of this one; the contents through `rev-list --objects` beside the walk instead were
// ~10 ms slower.
// It prints "<pairs> <blobs> <heads>" so the bench can check that it did the work.
"use strict";
const { spawn } = require("node:child_process");
const { mkdtempSync, readFileSync, rmSync } = require("node:fs");
const { tmpdir } = require("node:os");
const path = require("node:path");

const SMALL = Number(process.argv[2] ?? 8192);
const tips = [];
for (const line of readFileSync(0, "latin1").split("\n")) {
  const fields = line.split(" ");
  if (fields.length === 3 && !/^0+$/.test(fields[1])) tips.push(fields[1]);
}
const revs = `${tips.join("\n")}\n`;
const dir = mkdtempSync(path.join(tmpdir(), "lean-receive-"));
const sizesFile = path.join(dir, "sizes");
const headsFile = path.join(dir, "heads");

const exited = (child, what) =>
  new Promise((resolve, reject) => child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`${what} exited ${code}`)))));

// The walk first: it is the longest of the processes.
const log = spawn(
  "git",
  ["-c", "log.showRoot=true", "log", "--raw", "-z", "--no-abbrev", "--no-renames", "--no-color", "--no-ext-diff", "--no-show-signature", "-c", "--topo-order", "--reverse", "--format=format:%H %P", "--stdin", "--not", "--all"],
  { stdio: ["pipe", "pipe", "inherit"] },
);
log.stdin.end(revs);
const content = spawn("sh", ["-c", `git cat-file --batch-check='%(objectname) %(objecttype) %(objectsize)' | tee '${sizesFile}' | awk '$2 == "blob" && $3 <= ${SMALL} { print $1 }' | git cat-file --batch > '${headsFile}'`], {
  stdio: ["pipe", "ignore", "inherit"],
});

const paths = [];
const blobs = [];
const seen = new Set();
let fresh = [];
let rest;
let blob; // the entry whose path is the next field
log.stdout.on("data", (chunk) => {
  const buf = rest ? Buffer.concat([rest, chunk]) : chunk;
  let start = 0;
  for (let end = buf.indexOf(0, start); end >= 0; start = end + 1, end = buf.indexOf(0, start)) {
    if (blob !== undefined) {
      paths.push(buf.toString("utf8", start, end));
      blobs.push(blob);
      blob = undefined;
      continue;
    }
    if (end === start) continue;
    let at = start;
    if (buf[at] !== 0x3a) {
      // "<sha> <parents>", then "\n" and the commit's first entry, if it has one.
      const newline = buf.indexOf(10, at);
      if (newline < 0 || newline >= end) continue;
      at = newline + 1;
    }
    // ":<modes> <ids> <status>": the new blob is the last id, before the status.
    const space = buf.lastIndexOf(32, end - 1);
    const id = buf.toString("latin1", buf.lastIndexOf(32, space - 1) + 1, space);
    blob = id;
    // One ":" per parent, then as many modes, 7 bytes each: the last is the new one (100644, 100755).
    let colons = 0;
    while (buf[at + colons] === 0x3a) colons++;
    const mode = at + colons + 7 * colons;
    if (buf[mode] === 0x31 && buf[mode + 1] === 0x30 && !seen.has(id)) {
      seen.add(id);
      fresh.push(id);
    }
  }
  rest = start < buf.length ? buf.subarray(start) : undefined;
  if (fresh.length) {
    content.stdin.write(`${fresh.join("\n")}\n`);
    fresh = [];
  }
});

(async () => {
  await exited(log, "git log");
  content.stdin.end();
  await exited(content, "the content pipeline");
  const sizes = new Map();
  for (const line of readFileSync(sizesFile, "latin1").split("\n")) {
    const [id, type, size] = line.split(" ");
    if (type === "blob") sizes.set(id, Number(size));
  }
  const heads = readFileSync(headsFile);
  const headAt = new Map();
  for (let at = 0; at < heads.length; ) {
    const newline = heads.indexOf(10, at);
    const size = Number(heads.toString("latin1", heads.lastIndexOf(32, newline) + 1, newline));
    headAt.set(heads.toString("latin1", at, heads.indexOf(32, at)), newline + 1);
    at = newline + 1 + size + 1;
  }
  let touched = 0;
  for (let i = 0; i < paths.length; i++) {
    const size = sizes.get(blobs[i]);
    const at = headAt.get(blobs[i]);
    if (size !== undefined && (at === undefined || heads[at] !== undefined)) touched++;
  }
  rmSync(dir, { recursive: true, force: true });
  process.stdout.write(`${paths.length} ${sizes.size} ${headAt.size} ${touched}\n`);
})().catch((error) => {
  rmSync(dir, { recursive: true, force: true });
  process.stderr.write(`${error.message}\n`);
  process.exit(2);
});
