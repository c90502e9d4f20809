import { createHash } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pseudoRandom, type Tree } from "@ballast/test-utils";
import type { Bot } from "./bot.js";

/** Where a finding is made: the five contexts in which ballast prints a fix. */
export type Context = "pre-commit" | "check" | "pre-push" | "scan" | "verify";

/** One rule, provoked: the change that makes the finding, and what must be printed. */
export interface Provocation {
  name: string;
  rule: string;
  path: string;
  contexts: Context[];
  /** Committed and pushed before the change (hooks skipped): .gitattributes and such. */
  before?: (bot: Bot) => void;
  /** The change that provokes the finding. */
  change: (bot: Bot) => Tree;
  /** pre-commit and check: run after the change is staged (to stage something else than the working tree holds). */
  staged?: (bot: Bot) => void;
  warning?: boolean;
  /** Where no command can fix it: the words the finding must say instead (no `fix:` line). */
  words?: Partial<Record<Context, RegExp>>;
}

export const LFS_ATTRIBUTES = { ".gitattributes": "*.bin filter=lfs diff=lfs merge=lfs -text\n" };
const text = (bytes: number) => "ballast fix table\n".repeat(Math.ceil(bytes / 18)).slice(0, bytes);

/** Git LFS pointer text for `content` (git-lfs spec v1), optionally with its object in the local store. */
export function pointerFor(content: Buffer, store?: string): string {
  const oid = createHash("sha256").update(content).digest("hex");
  if (store) {
    const file = path.join(store, "lfs", "objects", oid.slice(0, 2), oid.slice(2, 4), oid);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return `version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\nsize ${content.length}\n`;
}

/** data/table.dat committed as a pointer where *.dat is LFS (its bytes in the local store, or nowhere), then .gitattributes deleted. */
function trackingDropped(name: string, contexts: Context[], stored: boolean): Provocation {
  return {
    name,
    rule: "lfs-pointer-untracked",
    path: "data/table.dat",
    contexts,
    before: (bot) =>
      bot.commitQuietly("lfs", {
        ".gitattributes": "*.dat filter=lfs diff=lfs merge=lfs -text\n",
        "data/table.dat": stored ? pointerFor(Buffer.from("a,b\n1,2\n"), path.join(bot.dir, ".git")) : pointerFor(Buffer.from("elsewhere\n")),
      }),
    change: (bot) => {
      rmSync(path.join(bot.dir, ".gitattributes"));
      return {};
    },
  };
}

const DOCKERFILE = Buffer.from("FROM node:20-slim\nRUN npx ballast verify\n");
const BLOB_RULES: Context[] = ["pre-commit", "check", "pre-push", "scan"];
const REAL_FILE_FIRST = /holds the same text, which git-lfs would store as the file: put the real file at m\.bin first, then run: git lfs install/;
const HISTORY_WORDS = /It came in with commit [0-9a-f]{12}, and a new commit cannot take it out of the history: rewrite that commit/;

export const PROVOCATIONS: Provocation[] = [
  { name: "size (error)", rule: "size", path: "logs/big.txt", contexts: BLOB_RULES, change: () => ({ "logs/big.txt": text(150_000) }) },
  // Not under lint-staged: it shows a task's output only when the task fails (or --verbose),
  // so there no fix is printed for a warning.
  { name: "size (warning)", rule: "size", path: "notes.txt", contexts: ["pre-commit", "pre-push", "scan"], warning: true, change: () => ({ "notes.txt": text(30_000) }) },
  {
    name: "binary",
    rule: "binary",
    path: "data/blob.dat",
    contexts: BLOB_RULES,
    change: () => ({ "data/blob.dat": Buffer.concat([Buffer.from([0]), pseudoRandom(60_000, "blob")]) }),
  },
  { name: "redirect (mode block)", rule: "redirect", path: "models/nlu.tar.gz", contexts: BLOB_RULES, change: () => ({ "models/nlu.tar.gz": pseudoRandom(5_000, "nlu") }) },
  {
    name: "forbidden",
    rule: "forbidden",
    path: ".env",
    contexts: BLOB_RULES,
    change: () => ({ ".env": "API_KEY=secret\n" }),
    words: { "pre-push": HISTORY_WORDS, scan: HISTORY_WORDS },
  },
  {
    name: "lfs-pointer-untracked (bytes in the local LFS store)",
    rule: "lfs-pointer-untracked",
    path: "Dockerfile",
    contexts: ["pre-commit", "check", "pre-push"],
    change: (bot) => ({ Dockerfile: pointerFor(DOCKERFILE, path.join(bot.dir, ".git")) }),
  },
  {
    name: "lfs-pointer-untracked (bytes nowhere here)",
    rule: "lfs-pointer-untracked",
    path: "Dockerfile",
    contexts: BLOB_RULES,
    change: () => ({ Dockerfile: pointerFor(Buffer.from("FROM elsewhere\n")) }),
    words: Object.fromEntries(BLOB_RULES.map((c) => [c, /Its bytes \(LFS object [0-9a-f]{12}…\) are not in this clone's LFS store/])),
  },
  // The commit changes no file but .gitattributes: the pointer it leaves untracked is judged all the same.
  trackingDropped("lfs-pointer-untracked (tracking dropped, the pointer left behind)", ["pre-commit", "pre-push"], true),
  // The same with the bytes in no LFS store here: undoing the deletion is the one fix.
  trackingDropped("lfs-pointer-untracked (.gitattributes deleted, the pointer's bytes nowhere here)", ["pre-commit"], false),
  {
    // `git lfs track` staged over a real file already committed: the file itself is not staged.
    name: "lfs-not-pointer (tracking started over a committed file)",
    rule: "lfs-not-pointer",
    path: "w.bin",
    // lint-staged hands `ballast check` the staged .gitattributes, which brings w.bin in.
    contexts: ["pre-commit", "check", "pre-push"],
    before: (bot) => bot.commitQuietly("real", { "w.bin": text(3_000) }),
    change: () => LFS_ATTRIBUTES,
  },
  { name: "lfs-not-pointer", rule: "lfs-not-pointer", path: "w.bin", contexts: BLOB_RULES, before: (bot) => bot.commitQuietly("lfs", LFS_ATTRIBUTES), change: () => ({ "w.bin": text(3_000) }) },
  {
    name: "lfs-malformed (at an LFS path)",
    rule: "lfs-malformed",
    path: "m.bin",
    contexts: BLOB_RULES,
    before: (bot) => bot.commitQuietly("lfs", LFS_ATTRIBUTES),
    change: () => ({ "m.bin": pointerFor(Buffer.from("x")).replace("spec/v1", "spec/v9") }),
    // The working tree holds the same broken text: renormalizing would store it as the file.
    words: { "pre-commit": REAL_FILE_FIRST, check: REAL_FILE_FIRST, "pre-push": HISTORY_WORDS, scan: HISTORY_WORDS },
  },
  {
    // The real file is here, and broken pointer text was staged for it (by a tool, by hand).
    name: "lfs-malformed (at an LFS path, the real file in the working tree)",
    rule: "lfs-malformed",
    path: "m.bin",
    contexts: ["pre-commit"],
    before: (bot) => bot.commitQuietly("lfs", LFS_ATTRIBUTES),
    change: () => ({ "m.bin": text(3_000) }),
    staged: (bot) => {
      const file = path.join(bot.base, "broken-pointer.txt");
      writeFileSync(file, pointerFor(Buffer.from("x")).replace("spec/v1", "spec/v9"));
      const broken = bot.git(["hash-object", "-w", "--no-filters", file]).stdout.trim();
      bot.git(["update-index", "--cacheinfo", `100644,${broken},m.bin`]);
    },
  },
  {
    name: "lfs-malformed (elsewhere)",
    rule: "lfs-malformed",
    path: "docs/ptr.txt",
    contexts: BLOB_RULES,
    change: () => ({ "docs/ptr.txt": pointerFor(Buffer.from("x")).replace("spec/v1", "spec/v9") }),
    words: { "pre-push": HISTORY_WORDS, scan: HISTORY_WORDS },
  },
];
