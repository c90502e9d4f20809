import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { git } from "../git/exec.js";
import { pathsWithValueLfs, splitNul } from "../git/parse.js";
import { lfsCandidateMatcher, lfsCandidates } from "./lfs-patterns.js";

/**
 * Which paths are `filter=lfs` in the commits being pushed, with git's own attribute
 * matcher and a constant number of git processes, whatever the number of tips:
 *
 * `git check-attr --source=<commit>` needs git 2.40, and a temporary index per tip
 * (`read-tree` + `check-attr --cached`) costs two processes per pushed ref. Instead:
 *   1. one `git grep -l` names every .gitattributes at every tip, and one `cat-file --batch`
 *      reads them (`<tip>:<dir>/.gitattributes`). This needs only the tips, so it runs
 *      while the history is still being walked. Only paths that a line naming lfs could
 *      reach go on (lfs-patterns.ts, a generous pre-filter); when there are none, no path
 *      is LFS and the lookup ends here;
 *   2. tips with the same set of .gitattributes files form one "layout"; one
 *      `update-index --index-info` writes each layout's files into a temporary index
 *      under a prefix of its own (`0/`, `1/`, …);
 *   3. one `check-attr --cached -z --stdin filter` asks for `<prefix>/<path>`.
 * A path counts as LFS when it is `filter=lfs` in any pushed tip's layout (the first 32 tips). Attributes are
 * read at the pushed tips, not at each intermediate commit. Limits: an `[attr]` macro
 * defined in a .gitattributes other than the top one is ignored by git (it is not at the
 * top of the temporary index); $GIT_DIR/info/attributes patterns anchored with a slash do
 * not match under the prefix; a core.attributesFile that alone sets filter=lfs (git-lfs
 * never writes there) is not seen; a .gitattributes that is a symbolic link is not read
 * (git does not follow those in a tree either).
 */
export function startAttributeLookup(options: { cwd: string; gitDir?: string; tips: string[] | Promise<string[]> }): AttributeLookup {
  const { cwd } = options;
  // Every tip costs one tree walk: the first MAX_TIPS bound that for a mirror push or a
  // history with thousands of tags (tips rarely differ in their .gitattributes).
  const tips = Promise.resolve(options.tips).then((all) => all.slice(0, MAX_TIPS));
  const files = tips.then((t) => filesAtTips(cwd, t));
  files.catch(() => {});
  const everything = infoAttributesMentionLfs(options.gitDir);
  const mayBeLfs = files.then((found) => {
    if (!found) return () => true;
    const { layouts, contents } = gather(found);
    if (layouts.size === 0) return () => false;
    return everything ? () => true : lfsCandidateMatcher(contents);
  });
  mayBeLfs.catch(() => {});
  return {
    mayBeLfs,
    async lfsPaths(all) {
      const paths = all.filter((p) => !p.includes("\n"));
      if (paths.length === 0) return new Set();
      // A tip grep cannot read as a tree (a pushed tag of a blob): ask folder by folder.
      const layouts = (await files) ?? (await filesByFolder(cwd, await tips, paths));
      return checkLayouts({ cwd, layouts, paths, everything });
    },
  };
}

export interface AttributeLookup {
  /** Once the tips' files are read: false for a path no pushed .gitattributes can make `filter=lfs`. */
  mayBeLfs: Promise<(path: string) => boolean>;
  /** The paths among `paths` that are `filter=lfs` at some tip. */
  lfsPaths(paths: string[]): Promise<Set<string>>;
}

/** The .gitattributes files of one tip: [folder ("" at the top), blob, content]. */
type Layout = Array<[string, string, string]>;

/**
 * Every .gitattributes at every tip, with `git grep -l -z -e "" TIPS -- PATTERNS`:
 *   "<tip>:a/b/.gitattributes\0" per non-empty file (an empty one sets nothing).
 * The pathspecs are read as globs whatever GIT_*_PATHSPECS the caller has set, so "*"
 * crosses folders. undefined when grep cannot read a tip as a tree.
 */
async function filesAtTips(cwd: string, tips: string[]): Promise<Layout[] | undefined> {
  if (tips.length === 0) return [];
  const env = { GIT_LITERAL_PATHSPECS: "0", GIT_GLOB_PATHSPECS: "0", GIT_NOGLOB_PATHSPECS: "0", GIT_ICASE_PATHSPECS: "0" };
  const grep = await git(["grep", "-l", "-z", "--full-name", "--no-recurse-submodules", "-e", "", ...tips, "--", ".gitattributes", "*/.gitattributes"], {
    cwd,
    env,
    okCodes: [1],
  }).catch(() => undefined);
  if (!grep) return undefined;
  const names = splitNul(grep.stdout).filter((name) => /(^|:|\/)\.gitattributes$/.test(name) && !name.includes("\n") && name.includes(":"));
  return readLayouts(cwd, tips, names);
}

/** The older way, for any tip: "<tip>:<dir>/.gitattributes" for every folder above a path. */
async function filesByFolder(cwd: string, tips: string[], paths: string[]): Promise<Layout[]> {
  const dirs = [...new Set(paths.flatMap(ancestors))].sort();
  return readLayouts(
    cwd,
    tips,
    tips.flatMap((tip) => dirs.map((dir) => `${tip}:${dir ? `${dir}/` : ""}.gitattributes`)),
  );
}

/** Read "<tip>:<path>" names with one `cat-file --batch`; one layout per tip. */
async function readLayouts(cwd: string, tips: string[], names: string[]): Promise<Layout[]> {
  if (names.length === 0) return [];
  const { stdout } = await git(["cat-file", "--batch", "--buffer"], { cwd, input: `${names.join("\n")}\n` });
  const answers = parseBatchAnswers(stdout, names.length);
  const byTip = new Map<string, Layout>(tips.map((tip) => [tip, []]));
  names.forEach((name, i) => {
    const answer = answers[i];
    if (answer?.type !== "blob") return;
    const colon = name.indexOf(":");
    const file = name.slice(colon + 1);
    const dir = file === ".gitattributes" ? "" : file.slice(0, -"/.gitattributes".length);
    byTip.get(name.slice(0, colon))?.push([dir, answer.object, answer.content]);
  });
  return [...byTip.values()];
}

/** Steps 2 and 3: the pre-filter, then git's own answer for the paths it leaves. */
async function checkLayouts(options: { cwd: string; layouts: Layout[]; paths: string[]; everything: boolean }): Promise<Set<string>> {
  const { cwd, paths } = options;
  const lfs = new Set<string>();
  const { layouts, contents } = gather(options.layouts);
  // Only paths some line naming lfs could reach are worth asking git about.
  const asking = options.everything ? paths : lfsCandidates(contents, paths);
  if (asking.length === 0 || layouts.size === 0) return lfs;

  // 2. A temporary index that holds only the .gitattributes files, one prefix per layout.
  const tmp = mkdtempSync(path.join(tmpdir(), "ballast-attr-"));
  try {
    const env = { GIT_INDEX_FILE: path.join(tmp, "index") };
    const prefixes = [...layouts.values()].map((_, i) => `${i}/`);
    const entries = [...layouts.values()].flatMap((files, i) =>
      files.map(([dir, object]) => `100644 ${object} 0\t${prefixes[i]}${dir ? `${dir}/` : ""}.gitattributes\0`),
    );
    await git(["update-index", "-z", "--index-info"], { cwd, env, input: entries.join("") });
    // 3. Ask for every path under every layout.
    const asked = prefixes.flatMap((prefix) => asking.map((p) => `${prefix}${p}\0`));
    const attrs = await git(["check-attr", "--cached", "-z", "--stdin", "filter"], { cwd, env, input: asked.join("") });
    for (const prefixed of pathsWithValueLfs(attrs.stdout)) lfs.add(prefixed.slice(prefixed.indexOf("/") + 1));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return lfs;
}

/** The distinct layouts (tips with the same files are one), and every file's [folder, content]. */
function gather(all: Layout[]): { layouts: Map<string, Layout>; contents: Array<[string, string]> } {
  const layouts = new Map<string, Layout>();
  const contents = new Map<string, [string, string]>();
  for (const files of all) {
    if (files.length === 0) continue;
    const sorted = [...files].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    layouts.set(sorted.map(([dir, object]) => `${dir}:${object}`).join("\0"), sorted);
    for (const [dir, object, content] of sorted) contents.set(`${dir}\0${object}`, [dir, content]);
  }
  return { layouts, contents: [...contents.values()] };
}

/** How many tips' .gitattributes are read (see startAttributeLookup). */
export const MAX_TIPS = 32;

export type BatchAnswer = { object: string; type: string; content: string } | undefined;

/**
 * `git cat-file --batch` output, one answer per input line, in order:
 *   "<sha> blob <size>\n<size bytes>\n"  for an object, or
 *   "<name> missing\n"                  for a name that resolves to nothing.
 * (Also "<name> ambiguous\n"; any header without a size is an absent answer.)
 */
export function parseBatchAnswers(output: Buffer, count: number): BatchAnswer[] {
  const answers: BatchAnswer[] = [];
  let at = 0;
  while (answers.length < count && at < output.length) {
    const newline = output.indexOf(10, at);
    if (newline < 0) break;
    const header = output.subarray(at, newline).toString("utf8");
    at = newline + 1;
    const match = /^([0-9a-f]{40,64}) (\S+) (\d+)$/.exec(header);
    if (!match) {
      answers.push(undefined);
      continue;
    }
    const size = Number(match[3]);
    answers.push({ object: match[1]!, type: match[2]!, content: output.subarray(at, at + size).toString("utf8") });
    at += size + 1;
  }
  return answers;
}

/** "" (the top) and every folder above a path: "a/b/c.bin" → ["", "a", "a/b"]. */
export function ancestors(file: string): string[] {
  const parts = file.split("/").slice(0, -1);
  return ["", ...parts.map((_, i) => parts.slice(0, i + 1).join("/"))];
}

function infoAttributesMentionLfs(gitDir: string | undefined): boolean {
  if (!gitDir) return false;
  const file = path.join(gitDir, "info", "attributes");
  return existsSync(file) && readFileSync(file, "utf8").includes("lfs");
}
