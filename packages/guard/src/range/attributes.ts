import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { WHOLE_OUTPUT_ENV } from "../git/args.js";
import { git } from "../git/exec.js";
import { pathsWithValueLfs } from "../git/parse.js";
import { attrIndex } from "./attr-index.js";
import type { AttributeFile } from "./layouts.js";

/** "Is `path` filter=lfs, when these .gitattributes files are the ones above it?" */
export interface AttributeQuestion {
  files: AttributeFile[];
  path: string;
}

/**
 * git's own answer to many attribute questions about commits that are not checked out,
 * with a constant number of git processes however many commits: git 2.39 has no
 * `check-attr --source`, so the .gitattributes files of each distinct set (a "layout")
 * go into one temporary index, each set under a prefix of its own (`0/`, `1/`, …), written
 * by ballast (attr-index.ts), and one `check-attr --cached -z --stdin filter` asks for
 * `<prefix>/<path>`. Returns the indexes of the questions whose answer is `filter=lfs`.
 *
 * Where a prefix would change git's answer, a set gets an index of its own, without a
 * prefix (two more processes, for a rare set): a set whose top .gitattributes defines an
 * `[attr]` macro (git reads macros only at the top), and every set when
 * $GIT_DIR/info/attributes has a pattern with a slash (anchored at the top). Not seen: a
 * core.attributesFile pattern with a slash (git-lfs never writes there). A .gitattributes
 * that is a symbolic link counts by its link text, as git reads it from an index.
 */
export async function lfsAnswers(options: { cwd: string; commonDir?: string; questions: AttributeQuestion[]; contentOf: (object: string) => string }): Promise<Set<number>> {
  const { cwd, questions } = options;
  const yes = new Set<number>();
  if (questions.length === 0) return yes;
  const exact = infoHasSlashPatterns(options.commonDir);
  // Distinct sets of files, and the questions for each.
  const sets = new Map<string, { files: AttributeFile[]; asked: Map<string, number[]> }>();
  questions.forEach((q, i) => {
    const key = q.files.map(([dir, object]) => `${dir}:${object}`).join("\0");
    let set = sets.get(key);
    if (!set) sets.set(key, (set = { files: q.files, asked: new Map() }));
    const same = set.asked.get(q.path);
    if (same) same.push(i);
    else set.asked.set(q.path, [i]);
  });
  const shared: Array<typeof sets extends Map<string, infer V> ? V : never> = [];
  const alone: typeof shared = [];
  for (const set of sets.values()) {
    const top = set.files[0]?.[0] === "" ? options.contentOf(set.files[0][1]) : "";
    (exact || /^\s*\[attr\]/m.test(top) ? alone : shared).push(set);
  }
  if (shared.length === 1) alone.push(shared.pop()!);
  const batches = [...alone.map((set) => ({ sets: [set], prefixed: false })), ...(shared.length ? [{ sets: shared, prefixed: true }] : [])];
  await Promise.all(
    batches.map(async ({ sets: batch, prefixed }) => {
      const prefix = (i: number) => (prefixed ? `${i}/` : "");
      const entries = new Map<string, string>();
      batch.forEach((set, i) => set.files.forEach(([dir, object]) => entries.set(`${prefix(i)}${dir ? `${dir}/` : ""}.gitattributes`, object)));
      const asked = batch.flatMap((set, i) => [...set.asked.keys()].map((p) => `${prefix(i)}${p}\0`));
      for (const answer of await checkAttr(cwd, entries, asked.join(""))) {
        const slash = prefixed ? answer.indexOf("/") : -1;
        const set = batch[prefixed ? Number(answer.slice(0, slash)) : 0];
        for (const i of set?.asked.get(answer.slice(slash + 1)) ?? []) yes.add(i);
      }
    }),
  );
  return yes;
}

/** One temporary index holding only `entries`, and the paths among `asked` that are `filter=lfs` in it. */
async function checkAttr(cwd: string, entries: Map<string, string>, asked: string): Promise<Set<string>> {
  const tmp = mkdtempSync(path.join(tmpdir(), "ballast-attr-"));
  try {
    const env = { ...WHOLE_OUTPUT_ENV, GIT_INDEX_FILE: path.join(tmp, "index") };
    if (entries.size) writeFileSync(env.GIT_INDEX_FILE, attrIndex(entries));
    const attrs = await git(["check-attr", "--cached", "-z", "--stdin", "filter"], { cwd, env, input: asked });
    return pathsWithValueLfs(attrs.stdout);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** The content of $GIT_DIR/info/attributes ("" when there is none). */
export function infoAttributes(commonDir: string | undefined): string {
  if (!commonDir) return "";
  const file = path.join(commonDir, "info", "attributes");
  return existsSync(file) ? readFileSync(file, "utf8") : "";
}

/** info/attributes has a line whose pattern holds a slash: it would not match under a prefix. */
function infoHasSlashPatterns(commonDir: string | undefined): boolean {
  return infoAttributes(commonDir)
    .split("\n")
    .some((line) => {
      const pattern = line.trim().split(/\s+/)[0] ?? "";
      return pattern !== "" && !pattern.startsWith("#") && !pattern.startsWith("[attr]") && pattern.includes("/");
    });
}
