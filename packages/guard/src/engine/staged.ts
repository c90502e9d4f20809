import { CHECK_ATTR_CACHED_ARGS, CHECK_ATTR_PRIME, GLOB_PATHSPECS_ENV, STAGED_DIFF_ARGS, WHOLE_OUTPUT_ENV } from "../git/args.js";
import { git } from "../git/exec.js";
import { attributesFolder, isRegularFileMode, parseLsFilesStage, parseRawDiff, pathsWithValueLfs, type RawDiffEntry } from "../git/parse.js";
import { mergeHeads, type Repo } from "../git/repo.js";
import { isZeroOid } from "../range/updates.js";
import type { Candidate } from "./judge-index.js";

/**
 * What the commit is about to record: blobs added or changed in the index (the one git
 * will commit from: GIT_INDEX_FILE is honoured, so `git commit -a` and `git commit PATH`
 * are judged on what they really record). Deletions, symlinks and submodules are skipped.
 * In a merge, only blobs new to every parent count. Where a .gitattributes is staged,
 * the unchanged files it makes LFS or no longer LFS count too (retrack-index.ts).
 */
export async function stagedCandidates(repo: Repo): Promise<Candidate[]> {
  // With no commit yet, `git diff --cached` compares with the empty tree by itself.
  const args = STAGED_DIFF_ARGS;
  const parents = mergeHeads(repo);
  const [own, ...others] = await Promise.all([
    git(args, { cwd: repo.root }),
    ...parents.map((parent) => git([...args, parent, "--"], { cwd: repo.root })),
  ]);
  const all = parseRawDiff(own!.stdout);
  let entries = all.filter((e) => isRegularFileMode(e.dstMode));
  for (const other of others) {
    const changed = new Set(parseRawDiff(other.stdout).map((e) => `${e.dstObject}\0${e.path}`));
    entries = entries.filter((e) => changed.has(`${e.dstObject}\0${e.path}`));
  }
  const candidates = entries.map((e) => ({ path: e.path, object: e.dstObject }));
  // A staged .gitattributes change (deleted too) can change what unchanged files are.
  return withRetracked(
    repo,
    candidates,
    all.filter((e) => attributesFolder(e.path) !== undefined),
  );
}

/**
 * `candidates` and the unchanged files that the staged .gitattributes `changes` make LFS or
 * no longer LFS (retrack-index.ts). Loaded only when there are changes: what it needs (a
 * cat-file reader, crypto for a temporary index) is no cost of a commit that stages no
 * .gitattributes.
 */
async function withRetracked(repo: Repo, candidates: Candidate[], changes: RawDiffEntry[]): Promise<Candidate[]> {
  if (changes.length === 0) return candidates;
  const { retrackedInIndex } = await import("./retrack-index.js");
  return [...candidates, ...(await retrackedInIndex(repo, changes, new Set(candidates.map((c) => c.path)), lfsPathsInIndex))];
}

/**
 * For `ballast check PATHS` (lint-staged): the given paths' candidates, and the unchanged
 * files a staged .gitattributes change retracks, where that .gitattributes is among the
 * paths or is deleted (lint-staged never passes a deletion). One `git diff` of the staged
 * .gitattributes alone, beside the paths' own lookup.
 */
export async function pathCandidates(repo: Repo, paths: string[]): Promise<Candidate[]> {
  const [{ found }, staged] = await Promise.all([
    indexCandidates(repo, paths),
    git([...STAGED_DIFF_ARGS, "--", `:(glob)**/${ATTRIBUTES}`], { cwd: repo.root, env: GLOB_PATHSPECS_ENV }),
  ]);
  const given = new Set(paths);
  const changes = parseRawDiff(staged.stdout).filter((e) => attributesFolder(e.path) !== undefined && (given.has(e.path) || isZeroOid(e.dstObject)));
  return withRetracked(repo, found, changes);
}

const ATTRIBUTES = ".gitattributes";

/** The staged version (stage 0) of the given repository paths, whether or not they changed. */
export async function indexCandidates(repo: Repo, paths: string[]): Promise<{ found: Candidate[]; missing: string[] }> {
  if (paths.length === 0) return { found: [], missing: [] };
  const { stdout } = await git(["--literal-pathspecs", "ls-files", "-s", "-z", "--", ...paths], { cwd: repo.root });
  const found = parseLsFilesStage(stdout)
    .filter((e) => e.stage === 0 && isRegularFileMode(e.mode))
    .map((e) => ({ path: e.path, object: e.object }));
  const seen = new Set(parseLsFilesStage(stdout).map((e) => e.path));
  return { found, missing: paths.filter((p) => !seen.has(p)) };
}

/** Paths that are `filter=lfs` according to the .gitattributes in the index. */
export async function lfsPathsInIndex(repo: Repo, paths: string[]): Promise<Set<string>> {
  if (paths.length === 0) return new Set();
  const { stdout } = await git(CHECK_ATTR_CACHED_ARGS, {
    cwd: repo.root,
    env: WHOLE_OUTPUT_ENV,
    input: `${CHECK_ATTR_PRIME}${paths.join("\0")}\0`,
    primed: CHECK_ATTR_PRIME,
  });
  // The prime's answer: ".gitattributes\0filter\0<value>\0".
  let at = 0;
  for (let n = 0; n < 3; n++) at = stdout.indexOf(0, at) + 1;
  return pathsWithValueLfs(stdout.subarray(at));
}
