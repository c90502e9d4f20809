import { BallastError } from "../errors.js";
import { gitWords } from "../messages.js";
import { WHOLE_OUTPUT_ENV } from "../git/args.js";
import { git, gitFailed, spawnGit } from "../git/exec.js";

/**
 * Which commits to walk: `include` tips, minus everything reachable from `exclude` and
 * from the remote-tracking refs of `remote` (`--remotes=origin` means refs/remotes/origin/*).
 * Revisions go to git on stdin (`--stdin`), so 200 pushed refs never hit an argv limit.
 */
export interface RevisionSet {
  include: string[];
  exclude: string[];
  /** A remote name whose refs/remotes/<name>/* the remote is known to have. */
  remote?: string;
  /** Every ref (`--all`), for a whole-history scan. */
  all?: boolean;
  /**
   * Minus everything any ref reaches (`--not --all`): what is new to the repository. In a
   * pre-receive hook the pushed objects are in quarantine and no ref names them yet.
   */
  notAll?: boolean;
  /**
   * Skip revisions this clone does not have (`--ignore-missing`): the remote's sha after a
   * force push over work never fetched. The remote-tracking refs still bound the walk.
   */
  ignoreMissing?: boolean;
}

/** Where ballast keeps refs of its own: `ballast migrate`'s backups of the tips it rewrote (refs/ballast/backup/). */
export const OWN_REFS = "refs/ballast/";

/** The arguments and stdin that select a RevisionSet, for rev-list and log alike. */
export function revisionArgs(set: RevisionSet): { args: string[]; input: string } {
  // --ignore-missing must come before --stdin: git reads stdin when it meets --stdin.
  const args = set.ignoreMissing ? ["--ignore-missing", "--stdin"] : ["--stdin"];
  // ballast's own refs (migrate's backups of the old tips) are never pushed: not "all".
  if (set.all) args.push(`--exclude=${OWN_REFS}*`, "--all");
  if (set.remote) args.push("--not", `--remotes=${set.remote}`);
  if (set.notAll) args.push("--not", "--all");
  const lines = [...set.include, ...set.exclude.map((sha) => `^${sha}`)];
  return { args, input: lines.length ? `${lines.join("\n")}\n` : "" };
}

/**
 * The blobs the set brings that its exclusions do not have (what `git push` would send),
 * with one `git rev-list --objects --no-object-names --filter=object:type=blob`: one id a
 * line (the tips themselves are listed too; they are not blobs, and nobody asks for them).
 */
export async function newBlobs(cwd: string, set: RevisionSet): Promise<Set<string>> {
  const { args, input } = revisionArgs(set);
  const { stdout } = await git(["rev-list", "--objects", "--no-object-names", "--filter=object:type=blob", ...args], { cwd, input, env: WHOLE_OUTPUT_ENV });
  return new Set(stdout.toString("latin1").split("\n").filter(Boolean));
}

/** A blob reachable from the set, under the first path git saw it at. */
export interface ListedBlob {
  object: string;
  path: string;
}

/**
 * Every blob new to the set, with one streamed `git rev-list --objects --filter=object:type=blob`,
 * for the audit (which weighs each blob once). Its output is one object per line; the tips
 * given carry no name (the filter drops every other commit and tree), blobs their path:
 *
 *   4143c72410ae89de2fc5d5e7b32e0384ae658bcd
 *   f2ad6c76f0115a6ba5b00456a849810e7ec0af20 models/nlu.tar.gz
 *   9c1f… v1.0                              (an annotated tag: the filter keeps those too)
 *
 * A blob is listed once, under the first path git meets it at; tags are listed as if they
 * were blobs, so callers ask `cat-file --batch-check` for the type.
 *
 * (git 2.39 has no NUL-separated form: a path with a newline in it is cut at the newline
 * and its blob is then judged under that shortened name.) A blob added in one commit and
 * deleted in the next is still listed: the remote would receive it all the same.
 */
export function listBlobs(cwd: string, set: RevisionSet, onProgress?: (blobs: number) => void): Promise<ListedBlob[]> {
  const { args, input } = revisionArgs(set);
  const gitArgs = ["rev-list", "--objects", "--filter=object:type=blob", ...args];
  return new Promise((resolve, reject) => {
    const child = spawnGit(gitArgs, { cwd, env: WHOLE_OUTPUT_ENV });
    const blobs: ListedBlob[] = [];
    let rest = "";
    let stderr = "";
    let lastTick = 0;
    child.stdout!.setEncoding("utf8");
    child.stdout!.on("data", (chunk: string) => {
      const lines = (rest + chunk).split("\n");
      rest = lines.pop()!;
      for (const line of lines) {
        const entry = parseObjectLine(line);
        if (entry?.path !== undefined) blobs.push({ object: entry.object, path: entry.path });
      }
      if (onProgress && Date.now() - lastTick > 100) {
        lastTick = Date.now();
        onProgress(blobs.length);
      }
    });
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.on("error", (error) => reject(new BallastError("GIT_FAILED", gitWords.notStarted(error.message, "rev-list"), { cause: error })));
    child.on("close", (code, signal) => {
      if (code !== 0) return reject(gitFailed(gitArgs, stderr, signal ?? code));
      if (rest) {
        const entry = parseObjectLine(rest);
        if (entry?.path !== undefined) blobs.push({ object: entry.object, path: entry.path });
      }
      onProgress?.(blobs.length);
      resolve(blobs);
    });
    child.stdin!.on("error", () => {});
    child.stdin!.end(input);
  });
}

/** One `rev-list --objects` line: "<sha>" (a commit) or "<sha> <path>" (a tree or blob; the root tree has an empty path). */
export function parseObjectLine(line: string): { object: string; path?: string } | undefined {
  if (!line) return undefined;
  const space = line.indexOf(" ");
  if (space < 0) return { object: line };
  return { object: line.slice(0, space), path: line.slice(space + 1) };
}
