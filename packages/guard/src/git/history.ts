import { git, gitText } from "./exec.js";

/**
 * Which commits a history rewrite visits, and what bounds them.
 */

/** A commit and its parents, as `rev-list --parents` prints them. */
export interface CommitNode {
  commit: string;
  parents: string[];
}

/**
 * The commits reachable from `tips` but not from `exclude`, parents before children, with
 * one `git rev-list --topo-order --reverse --parents --stdin`:
 *   "<commit> <parent> <parent>\n" (a root commit has no parent)
 * Revisions go on stdin ("<tip>\n", "^<excluded>\n"), so no argv limit is ever met.
 */
export async function commitsToRewrite(cwd: string, tips: string[], exclude: string[]): Promise<CommitNode[]> {
  if (tips.length === 0) return [];
  const input = [...tips, ...exclude.map((sha) => `^${sha}`)].join("\n");
  const { stdout } = await git(["rev-list", "--topo-order", "--reverse", "--parents", "--stdin"], { cwd, input: `${input}\n` });
  return parseParents(stdout.toString("utf8"));
}

export function parseParents(text: string): CommitNode[] {
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [commit, ...parents] = line.split(" ");
      return { commit: commit!, parents };
    });
}

/** A ref as `for-each-ref --format='%(refname) %(objectname) %(objecttype)'` prints it. */
export interface RefTip {
  ref: string;
  object: string;
  type: string;
}

/** The refs under the given prefixes ("refs/heads", "refs/tags", "refs/remotes"). */
export async function listRefs(cwd: string, prefixes: string[]): Promise<RefTip[]> {
  const text = await gitText(["for-each-ref", "--format=%(refname) %(objectname) %(objecttype)", ...prefixes], { cwd });
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [ref, object, type] = line.split(" ");
      return { ref: ref!, object: object!, type: type! };
    });
}

/** The branch HEAD names ("refs/heads/main"), or undefined on a detached HEAD. */
export async function currentBranch(cwd: string): Promise<string | undefined> {
  const { stdout, code } = await git(["symbolic-ref", "-q", "HEAD"], { cwd, okCodes: [1] });
  return code === 0 ? stdout.toString("utf8").trim() : undefined;
}

/** A revision's object id, or undefined when it does not resolve (an unborn branch). */
export async function resolveRevision(cwd: string, revision: string): Promise<string | undefined> {
  const { stdout, code } = await git(["rev-parse", "-q", "--verify", `${revision}^{commit}`], { cwd, okCodes: [1] });
  return code === 0 ? stdout.toString("utf8").trim() : undefined;
}

/** How many bytes an object id takes in a tree: 20 for SHA-1 repositories, 32 for SHA-256. */
export async function objectIdBytes(cwd: string): Promise<number> {
  const format = await gitText(["rev-parse", "--show-object-format"], { cwd }).catch(() => "sha1");
  return format === "sha256" ? 32 : 20;
}

/**
 * The newest commit reachable from `from` that touches a path matching `pathspecs` (git
 * pathspec magic such as ":(glob)**\/*.bin"), or undefined: is that file already in
 * history that `from` (commits already on a remote) holds?
 */
export async function lastCommitTouching(cwd: string, from: string[], pathspecs: string[]): Promise<string | undefined> {
  if (from.length === 0 || pathspecs.length === 0) return undefined;
  const input = `${from.join("\n")}\n--\n${pathspecs.join("\n")}\n`;
  const text = await gitText(["rev-list", "-1", "--stdin"], { cwd, input });
  return text.trim() || undefined;
}

/**
 * The commits just outside a `tips --not exclude` walk (already on a remote, parents of the
 * first commits to rewrite), from `rev-list --boundary`: boundary lines start with "-".
 */
export async function boundaryCommits(cwd: string, tips: string[], exclude: string[]): Promise<string[]> {
  const input = [...tips, ...exclude.map((sha) => `^${sha}`)].join("\n");
  const text = await gitText(["rev-list", "--boundary", "--stdin"], { cwd, input: `${input}\n` });
  return text
    .split("\n")
    .filter((l) => l.startsWith("-"))
    .map((l) => l.slice(1));
}
