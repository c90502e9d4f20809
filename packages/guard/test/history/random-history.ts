import { execFileSync } from "node:child_process";
import { gitdir, pseudoRandom, type GitDir } from "@ballast/test-utils";
// @ts-expect-error: plain JavaScript, no types (the benchmark's generator, the same PRNG)
import { mulberry32 } from "../../../../bench/lib/generate.mjs";
import { pointer } from "./fixtures.js";

/**
 * Seeded random histories with the shapes that make verdicts hard, written with one
 * `git fast-import` stream: a main line and side branches, merges (some taking a file from
 * each side, some changing nothing but the attributes), moves and copies of the same
 * bytes, top-level and nested .gitattributes that come and go (macros, negations,
 * anchored and `**` patterns, a macro in a nested file, which git ignores), and contents
 * at the edges of the rules: canonical pointers, CRLF pointers, pointers with junk or an
 * uppercase oid, blobs either side of git-lfs's 1024 bytes and of the size limits, empty
 * files. Names hold spaces, quotes, a newline, non-ASCII, a leading dash, and names that
 * sort before `.gitattributes`.
 */

export const RANDOM_LIMITS = { warn: 2_000, block: 4_000 } as const;
export const RANDOM_ALLOW = "keep/";
/** Size and LFS rules only: `binary` would repeat `size` on random bytes. */
export const RANDOM_CONFIG = { limits: { warn: RANDOM_LIMITS.warn, block: RANDOM_LIMITS.block }, allow: [`${RANDOM_ALLOW}**`], rules: { binary: "off" } };

const BASE_PATHS = [
  "a.bin",
  "b.dat",
  "Dockerfile",
  "notes.txt",
  "p.bin",
  "models/m.bin",
  "models/p.bin",
  "models/-first.bin",
  "models/.abc.bin",
  "models/sub/x.bin",
  "models/sub/y.dat",
  "assets/p.bin",
  "assets/deep/q.dat",
  "keep/k.bin",
  "odd dir/sp ace.bin",
  'quo"te.bin',
  "ñandú/modèle.bin",
  "nl/line\nbreak.bin",
  "-dash.dat",
];

/** Variant 2 adds these: case, brackets, deeper folders; git (ignorecase off) is exact. */
const MORE_PATHS = ["MODELS/Big.BIN", "models/M.bin", "models/sub/deeper/z.bin", "a[1].bin", "#hash.bin", "assets/x.BIN", "nl/x\ny/w.bin"];

const ATTRIBUTE_FOLDERS = ["", "models/", "models/sub/", "assets/"];
/** Variant 2 adds .gitattributes in folders whose names hold a space and a newline. */
const MORE_ATTRIBUTE_FOLDERS = ["odd dir/", "nl/"];

const MORE_ATTRIBUTES = [
  "*.BIN filter=lfs\n",
  "[ab]*.bin filter=lfs\n",
  "a\\[1\\].bin filter=lfs\n",
  "models/**/z.bin filter=lfs\n",
  "\\#hash.bin filter=lfs\n",
  "*.bin filter=lfs\n*.bin -filter\n",
  "*.bin filter=lfs\n[attr]late filter=lfs\n",
  "sub filter=lfs\n",
];

const BASE_ATTRIBUTES = [
  "*.bin filter=lfs diff=lfs merge=lfs -text\n",
  "*.dat filter=lfs -text\n",
  "[attr]heavy filter=lfs diff=lfs merge=lfs -text\n*.bin heavy\n",
  "*.bin -filter\n",
  "*.bin !filter\n",
  "x.bin filter=lfs\n*.dat filter=lfs\n",
  "* filter=lfs\n",
  "/p.bin filter=lfs\n",
  "**/*.bin filter=lfs\n",
  "*.bin filter=other\n",
  "sub/** filter=lfs\n",
];

/** One content of each kind; `n` keeps contents apart, a small n makes repeats (copies). */
function content(kind: number, n: number): Buffer {
  const p = pointer(n);
  switch (kind) {
    case 0:
      return Buffer.from(`text ${n}\n`);
    case 1:
      return Buffer.from(p);
    case 2:
      return Buffer.from(p.replace(/\n/g, "\r\n"));
    case 3:
      return Buffer.from(`${p}junk ${n}\n`);
    case 4:
      return Buffer.from(p.replace(/[a-f]/g, (c) => c.toUpperCase()).replace("VERSION", "version"));
    case 5:
      return pseudoRandom(900 + (n % 200), `small ${n}`);
    case 6:
      return pseudoRandom(1_100 + (n % 500), `mid ${n}`);
    case 7:
      return pseudoRandom(2_500 + (n % 1_000), `warn ${n}`);
    case 8:
      return pseudoRandom(4_500 + (n % 2_000), `block ${n}`);
    case 9:
      return Buffer.alloc(0);
    default:
      return Buffer.from(`${p}${" ".repeat(1_100)}`);
  }
}
const KINDS = 11;

type Tree = Map<string, Buffer>;

export interface RandomHistory {
  repo: GitDir;
  /** main's commit the remote already has (the push's base). */
  base: string;
  /** main's tip after the generated commits: what is pushed. */
  head: string;
  commits: number;
}

/** A history of about `size` commits on main and its side branches, from `seed`. */
/**
 * `variant` 2 adds names and patterns (MORE_*) and file modes: an executable and a
 * symbolic link (whose target text may be pointer text: never a file to judge), and a
 * .gitattributes that is a symbolic link (git does not read it from a tree). Variant 1
 * keeps the histories the first seeds were written against.
 */
export function randomHistory(seed: number, options: { size?: number; variant?: 1 | 2 } = {}): RandomHistory {
  const size = options.size ?? 24;
  const variant = options.variant ?? 1;
  const PATHS = variant === 2 ? [...BASE_PATHS, ...MORE_PATHS] : BASE_PATHS;
  const ATTRIBUTES = variant === 2 ? [...BASE_ATTRIBUTES, ...MORE_ATTRIBUTES] : BASE_ATTRIBUTES;
  const FOLDERS = variant === 2 ? [...ATTRIBUTE_FOLDERS, ...MORE_ATTRIBUTE_FOLDERS, "nl/x\ny/"] : ATTRIBUTE_FOLDERS;
  const random = mulberry32(seed) as () => number;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const chance = (p: number) => random() < p;

  const chunks: Buffer[] = [];
  const out = (text: string | Buffer) => chunks.push(typeof text === "string" ? Buffer.from(text) : text);
  let mark = 0;
  const blobs = new Map<string, number>();
  const blobMark = (bytes: Buffer): number => {
    const key = bytes.toString("base64");
    const known = blobs.get(key);
    if (known) return known;
    const m = ++mark;
    out(`blob\nmark :${m}\ndata ${bytes.length}\n`);
    out(bytes);
    out("\n");
    blobs.set(key, m);
    return m;
  };

  const branches = new Map<string, { mark: number; tree: Tree }>();
  let time = 1_767_225_600;
  const commit = (branch: string, tree: Tree, parents: number[], message: string): number => {
    const m = ++mark;
    const files = [...tree].map(([file, bytes]) => `M ${variant === 2 ? modeOf(file, bytes) : "100644"} :${blobMark(bytes)} ${quotePath(file)}\n`);
    out(`commit refs/heads/${branch}\nmark :${m}\ncommitter Ballast Test <test@ballast.invalid> ${time++} +0000\ndata ${Buffer.byteLength(message)}\n${message}\n`);
    if (parents[0]) out(`from :${parents[0]}\n`);
    for (const p of parents.slice(1)) out(`merge :${p}\n`);
    out("deleteall\n");
    for (const line of files) out(line);
    out("\n");
    branches.set(branch, { mark: m, tree });
    return m;
  };

  const randomContent = (): Buffer => content(Math.floor(random() * KINDS), Math.floor(random() * 12));
  const change = (tree: Tree): Tree => {
    const next = new Map(tree);
    const edits = 1 + Math.floor(random() * 4);
    for (let i = 0; i < edits; i++) {
      const roll = random();
      const files = [...next.keys()].filter((f) => !f.endsWith(".gitattributes"));
      if (roll < 0.45 || files.length === 0) next.set(pick(PATHS), randomContent());
      else if (roll < 0.55) next.delete(pick(files));
      else if (roll < 0.65) {
        // A move: the same bytes leave one path for another.
        const from = pick(files);
        next.set(pick(PATHS), next.get(from)!);
        next.delete(from);
      } else if (roll < 0.75) next.set(pick(PATHS), next.get(pick(files))!);
      else {
        const file = `${pick(FOLDERS)}.gitattributes`;
        if (next.has(file) && chance(0.4)) next.delete(file);
        else next.set(file, Buffer.from(chance(0.3) ? pick(ATTRIBUTES) + pick(ATTRIBUTES) : pick(ATTRIBUTES)));
      }
    }
    return next;
  };

  // The base: a few files, maybe attributes, on main.
  let start: Tree = new Map();
  for (let i = 0; i < 4; i++) start.set(pick(PATHS), randomContent());
  if (chance(0.7)) start.set(".gitattributes", Buffer.from(pick(ATTRIBUTES)));
  commit("main", start, [], "base 0");
  start = change(start);
  const baseMark = commit("main", start, [branches.get("main")!.mark], "base 1");

  const sides = ["side", "topic"];
  for (let i = 0; i < size; i++) {
    const roll = random();
    const main = branches.get("main")!;
    if (roll < 0.15) {
      // A side branch starts (again) from main's tip, or from the base.
      const from = chance(0.7) ? main : { mark: baseMark, tree: start };
      commit(pick(sides), change(from.tree), [from.mark], `side ${i}`);
    } else if (roll < 0.35) {
      const name = pick(sides);
      const side = branches.get(name);
      if (!side) continue;
      commit(name, change(side.tree), [side.mark], `work ${i}`);
    } else if (roll < 0.5) {
      const name = pick(sides);
      const side = branches.get(name);
      if (!side || side.mark === main.mark) continue;
      // A merge: main's files, some of the side's, and sometimes an edit of its own.
      const merged = new Map(main.tree);
      for (const [file, bytes] of side.tree) if (!merged.has(file) || chance(0.5)) merged.set(file, bytes);
      commit("main", chance(0.3) ? change(merged) : merged, [main.mark, side.mark], `merge ${name} ${i}`);
    } else commit("main", change(main.tree), [main.mark], `main ${i}`);
  }
  out("done\n");

  const repo = gitdir({});
  execFileSync("git", ["fast-import", "--quiet", "--done"], { cwd: repo.dir, input: Buffer.concat(chunks), stdio: ["pipe", "ignore", "pipe"] });
  // main's second commit ("base 1") is what the remote has.
  const base = repo.git(["rev-list", "--reverse", "--first-parent", "main"]).stdout.split("\n")[1]!;
  const head = repo.git(["rev-parse", "main"]).stdout.trim();
  return { repo, base, head, commits: mark - blobs.size };
}

/** A file's mode in variant 2, fixed by its name and bytes (a file keeps it while unchanged). */
function modeOf(file: string, bytes: Buffer): string {
  let h = 0;
  for (const c of Buffer.concat([Buffer.from(file), bytes])) h = (Math.imul(h, 31) + c) >>> 0;
  const roll = h % 11;
  if (roll === 0) return "120000";
  if (roll === 1 && !file.endsWith(".gitattributes")) return "100755";
  return "100644";
}

/** fast-import's path syntax: C-quoted when the name needs it. */
function quotePath(file: string): string {
  if (!/["\\\n]/.test(file) && !file.startsWith('"')) return file;
  return `"${file.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}
