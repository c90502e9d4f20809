import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { CHECK_ATTR_CACHED_ARGS, WHOLE_OUTPUT_ENV } from "../git/args.js";
import { git } from "../git/exec.js";
import { isRegularFileMode, parseLsFilesStage, pathsWithValueLfs, type RawDiffEntry } from "../git/parse.js";
import type { Repo } from "../git/repo.js";
import type { Candidate } from "./judge-index.js";

const NAME = ".gitattributes";

/** Whether a staged change is to a .gitattributes (added, changed, deleted; a file or a link). */
export function isAttributesChange(entry: RawDiffEntry): boolean {
  return entry.path === NAME || entry.path.endsWith(`/${NAME}`);
}

/**
 * The staged files a staged change of .gitattributes makes LFS or no longer LFS, though the
 * files themselves did not change: pointers left behind by `git lfs untrack` (the Docker
 * build that ships pointer text), real files a new `git lfs track` now covers. They are
 * judged as the commit will record them, as pre-push and scan judge that commit (range/
 * retrack.ts). Only when a .gitattributes is staged (rarely): the files below its folder,
 * `git check-attr --cached` on the index, and on HEAD's tree in a temporary index.
 * `skip`: paths already judged (the changed files).
 */
export async function retrackedInIndex(repo: Repo, changes: RawDiffEntry[], skip: Set<string>, lfsInIndex: (repo: Repo, paths: string[]) => Promise<Set<string>>): Promise<Candidate[]> {
  const dirs = [...new Set(changes.map((c) => (c.path === NAME ? "" : c.path.slice(0, -NAME.length - 1))))];
  const pathspecs = dirs.includes("") ? [] : ["--", ...dirs];
  const { stdout } = await git(["--literal-pathspecs", "ls-files", "-s", "-z", "--full-name", ...pathspecs], { cwd: repo.root });
  const files = parseLsFilesStage(stdout).filter((e) => e.stage === 0 && isRegularFileMode(e.mode) && !skip.has(e.path));
  if (files.length === 0) return [];
  const paths = files.map((f) => f.path);
  const head = await git(["rev-parse", "--verify", "--quiet", "HEAD^{tree}"], { cwd: repo.root, okCodes: [1] });
  const tree = head.stdout.toString("latin1").trim();
  const [now, before] = await Promise.all([lfsInIndex(repo, paths), tree ? lfsOfTree(repo, tree, paths) : new Set<string>()]);
  return files.filter((f) => now.has(f.path) !== before.has(f.path)).map((f) => ({ path: f.path, object: f.object }));
}

/** The same question about a tree: its .gitattributes in a temporary index (git 2.39 has no check-attr --source). */
async function lfsOfTree(repo: Repo, tree: string, paths: string[]): Promise<Set<string>> {
  const folder = mkdtempSync(path.join(tmpdir(), "ballast-attr-"));
  try {
    const env = { GIT_INDEX_FILE: path.join(folder, "index") };
    await git(["read-tree", tree], { cwd: repo.root, env });
    const { stdout } = await git(CHECK_ATTR_CACHED_ARGS, { cwd: repo.root, env: { ...WHOLE_OUTPUT_ENV, ...env }, input: `${paths.join("\0")}\0` });
    return pathsWithValueLfs(stdout);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
