// Deterministic synthetic repositories for the benchmark, written with one
// `git fast-import` stream (100k files in seconds, byte-identical on every run) and
// cached under bench/.cache/, keyed by the generator's parameters.
//
// A repository holds: mixed small text files, small binaries (NUL bytes, under the
// binary limit), valid Git LFS pointers under lfs/ (with a matching .gitattributes and
// their objects in .git/lfs/objects, so git-lfs is happy), a few large text files, and
// a linear history. Extra refs, never checked out, hold what scenarios need:
//   refs/bench/staged-<K>   a commit on top of main that changes K files (stage it
//                           with `git read-tree`: HEAD stays at main, the index moves)
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, openSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ensureCached } from "./cached.mjs";

export const GENERATOR_VERSION = 1;

/**
 * @typedef {object} RepoSpec
 * @property {number} files    files in the first commit
 * @property {number} commits  commits after the first (each changes a few files)
 * @property {number[]} staged staged-change sets to prepare (refs/bench/staged-K)
 * @property {number} [large]  large (2 MB) text files in the first commit
 */

/** The folder of a generated repository for `spec`, generating it when not cached. */
export function ensureRepo(cacheDir, spec, log = () => {}) {
  const key = `repo-v${GENERATOR_VERSION}-f${spec.files}-c${spec.commits}-s${spec.staged.join("_")}-l${spec.large ?? 3}`;
  return ensureCached(cacheDir, key, {
    build: (tmp) => {
      mkdirSync(tmp, { recursive: true });
      generate(tmp, spec);
    },
    // .bench-complete sits in the working tree: keep it out of git's view.
    finish: (dir) => writeFileSync(path.join(dir, ".git", "info", "exclude"), ".bench-complete\n", { flag: "a" }),
    marker: spec,
    log,
  });
}

const ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: "Bench",
  GIT_AUTHOR_EMAIL: "bench@example.com",
  GIT_COMMITTER_NAME: "Bench",
  GIT_COMMITTER_EMAIL: "bench@example.com",
  GIT_LFS_SKIP_SMUDGE: "1",
};

export function gitSync(cwd, args, options = {}) {
  const result = spawnSync("git", args, { cwd, env: ENV, encoding: "utf8", maxBuffer: 1 << 30, ...options });
  if (result.status !== 0) throw new Error(`git ${args.join(" ")} failed: ${result.stderr || result.error}`);
  return typeof result.stdout === "string" ? result.stdout.trim() : result.stdout;
}

function generate(dir, spec) {
  gitSync(dir, ["init", "-q", "-b", "main"]);
  for (const [k, v] of [
    ["user.name", "Bench"],
    ["user.email", "bench@example.com"],
    ["lfs.locksverify", "false"],
    ["gc.auto", "0"],
    ["core.hooksPath", "/dev/null"],
  ]) gitSync(dir, ["config", k, v]);
  const stream = new FastImport(dir);
  const rng = prng(`bench:${spec.files}`);
  const lfsDir = path.join(dir, ".git", "lfs", "objects");

  // First commit: the base tree.
  const base = new Map();
  base.set(".gitattributes", Buffer.from("lfs/** filter=lfs diff=lfs merge=lfs -text\n"));
  base.set("ballast.config.json", Buffer.from(`${JSON.stringify({ extends: ["recommended"] }, null, 2)}\n`));
  for (let i = 0; i < (spec.large ?? 3); i++) base.set(`data/large-${i}.csv`, textBlob(rng, 2_000_000));
  for (let i = 0; i < spec.files; i++) base.set(filePath(i), fileContent(rng, i, lfsDir, "v0"));
  let time = 1_700_000_000;
  stream.commit("refs/heads/main", { time: time++, message: "base", files: base, parent: undefined });

  // History: each commit edits three files and adds one.
  let next = spec.files;
  for (let c = 0; c < spec.commits; c++) {
    const changes = new Map();
    for (let j = 0; j < 3; j++) {
      const i = Math.floor(rng() * spec.files);
      changes.set(filePath(i), fileContent(rng, i, lfsDir, `c${c}`));
    }
    changes.set(filePath(next), fileContent(rng, next, lfsDir, `c${c}`));
    next++;
    // Commits to the same ref continue it: fast-import needs no "from" line.
    stream.commit("refs/heads/main", { time: time++, message: `change ${c}`, files: changes, parent: undefined });
  }

  // Staged sets: K changed files on top of main (modified first, then added).
  for (const k of spec.staged) {
    const changes = new Map();
    const modify = Math.min(k, Math.floor(spec.files * 0.9));
    const srng = prng(`staged:${k}`);
    for (let j = 0; j < modify; j++) {
      const i = Math.floor((j * spec.files) / modify);
      changes.set(filePath(i), fileContent(srng, i, lfsDir, `s${k}`));
    }
    for (let j = modify; j < k; j++) changes.set(filePath(next + j), fileContent(srng, next + j, lfsDir, `s${k}`));
    stream.commit(`refs/bench/staged-${k}`, { time: time++, message: `staged ${k}`, files: changes, parent: "refs/heads/main" });
  }
  stream.finish();
  // A checked-out working tree, as in a real repository (pointers stay pointers).
  gitSync(dir, ["checkout", "-q", "-f", "main"]);
  gitSync(dir, ["gc", "-q", "--no-prune"], { stdio: "ignore" });
}

/** src/… text (90%), assets/… small binaries (5%), lfs/… pointers (5%). */
function filePath(i) {
  const kind = i % 20 === 7 ? "bin" : i % 20 === 13 ? "lfs" : "txt";
  const folder = `d${String(Math.floor(i / 100) % 1000).padStart(3, "0")}`;
  if (kind === "bin") return `assets/${folder}/blob-${i}.bin`;
  if (kind === "lfs") return `lfs/${folder}/model-${i}.onnx`;
  return `src/${folder}/file-${i}.txt`;
}

function fileContent(rng, i, lfsDir, version) {
  const kind = i % 20 === 7 ? "bin" : i % 20 === 13 ? "lfs" : "txt";
  if (kind === "txt") return textBlob(rng, 200 + Math.floor(rng() * 2800));
  if (kind === "bin") {
    const bytes = randomBytes(rng, 2_000 + Math.floor(rng() * 14_000));
    bytes[0] = 0; // git's binary test: a NUL byte in the first 8000 bytes
    return bytes;
  }
  // A valid pointer whose object exists in the local LFS store.
  const object = Buffer.from(`lfs object ${i} ${version}\n`.repeat(20));
  const oid = createHash("sha256").update(object).digest("hex");
  const target = path.join(lfsDir, oid.slice(0, 2), oid.slice(2, 4), oid);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, object);
  return Buffer.from(`version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\nsize ${object.length}\n`);
}

const WORDS = "the model guard commit push blob tree index object storage pointer large file text binary check stage hook config rule limit".split(" ");

function textBlob(rng, size) {
  const parts = [];
  let length = 0;
  while (length < size) {
    const word = WORDS[Math.floor(rng() * WORDS.length)];
    const sep = rng() < 0.1 ? "\n" : " ";
    parts.push(word, sep);
    length += word.length + 1;
  }
  return Buffer.from(parts.join("").slice(0, size));
}

function randomBytes(rng, size) {
  const out = Buffer.alloc(size);
  for (let i = 0; i < size; i += 4) out.writeUInt32LE(Math.floor(rng() * 0xffffffff) >>> 0, Math.min(i, size - 4));
  return out;
}

/** mulberry32 seeded from a string: the same bytes on every machine. */
export function prng(seed) {
  return mulberry32(createHash("sha256").update(seed).digest().readUInt32LE(0));
}

/** mulberry32 from a 32-bit state (also the random histories' generator, test/history). */
export function mulberry32(state) {
  let a = state >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A `git fast-import` stream written synchronously into a file, then imported once. */
class FastImport {
  constructor(dir) {
    this.dir = dir;
    this.chunks = [];
    this.size = 0;
    this.file = path.join(dir, ".git", "bench-import.stream");
    this.mark = 0;
    writeFileSync(this.file, "");
  }

  write(data) {
    const buf = typeof data === "string" ? Buffer.from(data) : data;
    this.chunks.push(buf);
    this.size += buf.length;
    if (this.size > 64 << 20) this.flush();
  }

  flush() {
    writeFileSync(this.file, Buffer.concat(this.chunks), { flag: "a" });
    this.chunks = [];
    this.size = 0;
  }

  commit(ref, { time, message, files, parent }) {
    const marks = [];
    for (const [file, content] of files) {
      const mark = ++this.mark;
      this.write(`blob\nmark :${mark}\ndata ${content.length}\n`);
      this.write(content);
      this.write("\n");
      marks.push([file, mark]);
    }
    const msg = Buffer.from(`${message}\n`);
    this.write(`commit ${ref}\ncommitter Bench <bench@example.com> ${time} +0000\ndata ${msg.length}\n`);
    this.write(msg);
    if (parent) this.write(`from ${parent}\n`);
    for (const [file, mark] of marks) this.write(`M 100644 :${mark} ${file}\n`);
    this.write("\n");
  }

  finish() {
    this.flush();
    gitSync(this.dir, ["fast-import", "--quiet", "--force"], { stdio: [openSync(this.file), "ignore", "pipe"] });
    rmSync(this.file);
  }
}
