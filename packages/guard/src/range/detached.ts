import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { judgeIndex } from "../engine/judge-index.js";
import type { Policy } from "../engine/policy.js";
import { CHECK_ATTR_CACHED_ARGS, WHOLE_OUTPUT_ENV } from "../git/args.js";
import { git } from "../git/exec.js";
import { isRegularFileMode, parseLsTree, pathsWithValueLfs } from "../git/parse.js";
import { rangeMessages } from "../messages.js";
import type { Finding } from "../report/types.js";
import { shellQuote } from "../util/shell.js";

/** A pushed ref's new object, and the ref's name (as the pusher would type it: refs/tags/v1). */
export interface NamedTip {
  object: string;
  name: string;
  /** Whether the pusher has a ref of that name (not when they pushed an object id to it): only then is deleting it the fix. */
  own?: boolean;
}

/**
 * What a pushed ref brings when it names no commit: a tag of a tree or of a blob
 * (`git tag weights $(git hash-object -w model.bin)`, then `git push origin weights`).
 * git's log walks commits only, so the range walk never sees these blobs, and they would
 * enter the repository unjudged. Each is judged here with the same rules, by the index
 * source (engine/judge-index.ts): a tree's files at their paths in it, with the tree's own
 * .gitattributes (git's answer, from a temporary index of that tree), a blob alone under
 * the ref's name. A finding's path is `<ref>:<path>` (or the ref), and its fix deletes the
 * local tag, so the next push leaves it out.
 *
 * Only refs that may name something other than a commit are asked about (git refuses to
 * point a branch at anything else): one `git cat-file --batch-check` of `<object>^{}` for
 * all of them. `isNew` says which blobs the repository lacks: the others add no weight.
 * `refsOf` lists a repository's refs for a scan of its whole history.
 */
export async function judgeDetached(options: {
  cwd: string;
  tips: NamedTip[];
  policy: Policy | Promise<Policy>;
  /** The blobs the repository lacks (what the push sends); without it, every blob counts as new (a scan of the whole history). */
  isNew?: () => Promise<Set<string>>;
}): Promise<{ findings: Finding[]; judged: number }> {
  const { cwd } = options;
  const tips = options.tips.filter((t) => !t.name.startsWith("refs/heads/"));
  if (tips.length === 0) return { findings: [], judged: 0 };
  const { stdout } = await git(["cat-file", "--batch-check=%(objectname) %(objecttype)"], { cwd, input: tips.map((t) => `${t.object}^{}\n`).join("") });
  // One line per tip, in order: "<object> <type>", or "<tip>^{} missing" where it peels to nothing.
  const lines = stdout.toString("utf8").split("\n");
  const detached = tips.flatMap((tip, i) => {
    const [object, type] = (lines[i] ?? "").split(" ");
    return object && (type === "tree" || type === "blob") ? [{ ...tip, peeled: object, type: type as "tree" | "blob" }] : [];
  });
  if (detached.length === 0) return { findings: [], judged: 0 };
  const policy = await options.policy;
  let fresh: Promise<Set<string>> | undefined;
  const { isNew } = options;
  const known = async (objects: string[]) => {
    if (!isNew) return new Set<string>();
    const news = await (fresh ??= isNew());
    return new Set(objects.filter((o) => !news.has(o)));
  };
  const findings: Finding[] = [];
  let judged = 0;
  for (const tip of detached) {
    const files = tip.type === "blob" ? [{ path: tip.name, object: tip.peeled }] : await treeFiles(cwd, tip.peeled);
    const lfsPaths = tip.type === "blob" ? new Set<string>() : treeLfsPaths(cwd, tip.peeled, files.map((f) => f.path));
    const result = await judgeIndex({ cwd, policy, candidates: files, lfsPaths, known });
    judged += files.length;
    const fix = tip.own === false ? undefined : deleteRef(tip.name);
    for (const f of result.findings) {
      const { fix: _pathFix, ...rest } = f;
      findings.push({
        ...rest,
        path: tip.type === "blob" ? tip.name : `${tip.name}:${f.path}`,
        message: `${f.message}. ${rangeMessages.detached(tip.name, tip.type)}`,
        ...(fix ? { fix } : {}),
      });
    }
  }
  return { findings, judged };
}

/** The regular files of a tree, at their paths in it. */
async function treeFiles(cwd: string, tree: string): Promise<Array<{ path: string; object: string }>> {
  const { stdout } = await git(["ls-tree", "-r", "-z", "--full-tree", tree], { cwd });
  return parseLsTree(stdout)
    .filter((e) => e.type === "blob" && isRegularFileMode(e.mode))
    .map((e) => ({ path: e.path, object: e.object }));
}

/** Which of `paths` the tree's own .gitattributes make filter=lfs: git's answer, from a temporary index of that tree. */
async function treeLfsPaths(cwd: string, tree: string, paths: string[]): Promise<Set<string>> {
  if (paths.length === 0) return new Set();
  const folder = mkdtempSync(path.join(tmpdir(), "ballast-tree-"));
  try {
    const env = { GIT_INDEX_FILE: path.join(folder, "index") };
    await git(["read-tree", tree], { cwd, env });
    const { stdout } = await git(CHECK_ATTR_CACHED_ARGS, { cwd, env: { ...env, ...WHOLE_OUTPUT_ENV }, input: `${paths.join("\0")}\0` });
    return pathsWithValueLfs(stdout);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** The command that deletes the pusher's own ref, so the next push leaves it out (a tag: git tag -d). */
function deleteRef(name: string): string | undefined {
  if (name.startsWith("refs/tags/")) return `git tag -d ${shellQuote(name.slice("refs/tags/".length))}`;
  if (name.startsWith("refs/")) return `git update-ref -d ${shellQuote(name)}`;
  return undefined;
}

/** Every ref of the repository with the object it names (`scan --all`): "<object> <refname>". */
export async function refsOf(cwd: string): Promise<NamedTip[]> {
  const { stdout } = await git(["for-each-ref", "--format=%(objectname) %(refname)"], { cwd });
  return stdout
    .toString("utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => ({ object: line.slice(0, line.indexOf(" ")), name: line.slice(line.indexOf(" ") + 1) }));
}
