import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { CHECK_ATTR_CACHED_ARGS, GLOB_PATHSPECS_ENV, WHOLE_OUTPUT_ENV } from "../git/args.js";
import { git } from "../git/exec.js";
import { attributesFolder, isRegularFileMode, parseLsFilesStage, pathsWithValueLfs, type RawDiffEntry } from "../git/parse.js";
import type { Repo } from "../git/repo.js";
import { attrIndex } from "../range/attr-index.js";
import { infoAttributes } from "../range/attributes.js";
import { lfsCandidateMatcher } from "../range/lfs-patterns.js";
import { SmallBlobReader } from "../range/reader.js";
import type { Candidate } from "./judge-index.js";

const NAME = ".gitattributes";
const dirOf = (file: string) => attributesFolder(file) ?? "";
const none = (object: string) => /^0+$/.test(object);

/**
 * The staged files a staged change of .gitattributes makes LFS or no longer LFS, though the
 * files themselves did not change: pointers left behind by `git lfs untrack` (the Docker
 * build that ships pointer text), real files a new `git lfs track` now covers. They are
 * judged as the commit will record them, as pre-push and scan judge that commit (range/
 * retrack.ts). Only when a .gitattributes is staged (rarely), and only the files below its
 * folder that a changed line naming lfs or filter can reach (lfs-patterns.ts widens each
 * line; any macro anywhere and every file is asked): git's `check-attr --cached` on the
 * index, and on HEAD's .gitattributes in a temporary index of those files alone.
 * `skip`: paths already judged (the changed files).
 */
export async function retrackedInIndex(repo: Repo, changes: RawDiffEntry[], skip: Set<string>, lfsInIndex: (repo: Repo, paths: string[]) => Promise<Set<string>>): Promise<Candidate[]> {
  // The old and new text of each changed file, and the top one's in the index and in HEAD
  // (a macro there can give any line a filter): one `git cat-file --batch`.
  const objects = [...new Set(changes.flatMap((c) => [c.srcObject, c.dstObject]).filter((o) => !none(o)))];
  const reader = new SmallBlobReader(repo.root);
  const texts = new Map<string, string>();
  try {
    const names = [...objects, `:${NAME}`, `HEAD:${NAME}`];
    const answers = await Promise.all(names.map((name) => reader.answer(name)));
    names.forEach((name, i) => texts.set(name, answers[i]?.content ?? ""));
  } finally {
    await reader.close();
  }
  const macros = [...texts.values(), infoAttributes(repo.commonDir)].some((content) => /^\s*\[attr\]/m.test(content));
  const text = (object: string) => texts.get(object) ?? "";
  // The lines of a file that can say something about filter, as a line naming lfs for the
  // same pattern (what lfsCandidateMatcher reads): only those the change added or removed,
  // unless it also moved the others around (a later line wins).
  const lines = changes.map((c): [string, string] => [dirOf(c.path), changedLines(filterLines(text(c.srcObject)), filterLines(text(c.dstObject)))]);
  if (!macros && lines.every(([, content]) => content === "")) return [];
  const reach = macros ? () => true : lfsCandidateMatcher(lines);

  const dirs = [...new Set(changes.map((c) => dirOf(c.path)))];
  const pathspecs = dirs.includes("") ? [] : ["--", ...dirs];
  const { stdout } = await git(["--literal-pathspecs", "ls-files", "-s", "-z", "--full-name", ...pathspecs], { cwd: repo.root });
  const files = parseLsFilesStage(stdout, (file) => !skip.has(file) && reach(file)).filter((e) => e.stage === 0 && isRegularFileMode(e.mode));
  if (files.length === 0) return [];
  const paths = files.map((f) => f.path);
  const [now, before] = await Promise.all([lfsInIndex(repo, paths), lfsAtHead(repo, changes, paths)]);
  const above = (file: string) => changes.filter((c) => dirOf(c.path) === "" || file.startsWith(`${dirOf(c.path)}/`)).map((c) => ({ path: c.path, deleted: none(c.dstObject) }));
  return files
    .filter((f) => now.has(f.path) !== before.has(f.path))
    .map((f) => ({ path: f.path, object: f.object, retracked: { tracked: now.has(f.path), attributes: above(f.path) } }));
}

/** The lines naming lfs or filter, whitespace between fields made one space. */
function filterLines(content: string): string[] {
  return content
    .split("\n")
    .map((line) => line.trim().split(/\s+/).join(" "))
    .filter((line) => line && !line.startsWith("#") && /lfs|filter/.test(line));
}

/** The lines only one side has (every line where those the two share are in another order), as "<pattern> lfs". */
function changedLines(before: string[], after: string[]): string {
  const had = new Set(before);
  const has = new Set(after);
  const sharedBefore = before.filter((l) => has.has(l));
  const sharedAfter = after.filter((l) => had.has(l));
  const moved = sharedBefore.length !== sharedAfter.length || sharedBefore.some((l, i) => l !== sharedAfter[i]);
  const lines = moved ? [...before, ...after] : [...before.filter((l) => !has.has(l)), ...after.filter((l) => !had.has(l))];
  // As a line naming lfs for the same pattern: what lfsCandidateMatcher reads.
  return lines.map((line) => `${line.split(" ")[0]} lfs`).join("\n");
}

/**
 * What HEAD's .gitattributes say of `paths`: the index's .gitattributes with the staged
 * changes undone, alone in a temporary index (attr-index.ts), asked with check-attr --cached.
 */
async function lfsAtHead(repo: Repo, changes: RawDiffEntry[], paths: string[]): Promise<Set<string>> {
  const { stdout } = await git(["ls-files", "-s", "-z", "--full-name", "--", `:(glob)**/${NAME}`], {
    cwd: repo.root,
    env: GLOB_PATHSPECS_ENV,
  });
  const entries = new Map(parseLsFilesStage(stdout).filter((e) => e.stage === 0).map((e) => [e.path, e.object]));
  for (const c of changes) {
    if (none(c.srcObject)) entries.delete(c.path);
    else entries.set(c.path, c.srcObject);
  }
  if (entries.size === 0) return new Set();
  const folder = mkdtempSync(path.join(tmpdir(), "ballast-attr-"));
  try {
    const index = path.join(folder, "index");
    writeFileSync(index, attrIndex(entries));
    const { stdout: answers } = await git(CHECK_ATTR_CACHED_ARGS, { cwd: repo.root, env: { ...WHOLE_OUTPUT_ENV, GIT_INDEX_FILE: index }, input: `${paths.join("\0")}\0` });
    return pathsWithValueLfs(answers);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
