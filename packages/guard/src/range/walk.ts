import type { ChildProcess } from "node:child_process";
import { BallastError } from "../errors.js";
import { fixes, gitWords } from "../messages.js";
import { WHOLE_OUTPUT_ENV } from "../git/args.js";
import { gitFailed, spawnGit } from "../git/exec.js";
import { revisionArgs, type RevisionSet } from "./revlist.js";
import { parseEntryAt, type EntryHeader } from "./walk-entry.js";
import { Splitter } from "./splitter.js";

export { parseEntry } from "./walk-entry.js";

export interface WalkListener {
  /** A commit begins; its entries follow. Parents always come before their children. */
  commit(sha: string, parents: string[]): void;
  /** What the commit changed at one path (plain arguments: a history has millions of these). */
  entry(path: string, mode: string, object: string, status: string): void;
  /** A chunk of git's output has been read (a moment to pass work on). */
  chunk?(): void;
}

export interface Walk {
  done: Promise<void>;
  kill(): void;
}

/**
 * Every commit of the set with what it changed, oldest first, with one streamed `git log`:
 *
 *   git log --raw -z --no-abbrev --no-renames -c --topo-order --reverse --format=format:%H %P
 *
 * Each commit is its id and parents, then one entry per changed path against its parent
 * ("\n" before the first entry), NUL-terminated, with a NUL between commits:
 *
 *   "<sha> <parent>\n:100644 100644 <old> <new> M\0path\0\0<sha> <p1> <p2>\0::100644 100644 100644 <p1 blob> <p2 blob> <new> MM\0path\0"
 *
 * A merge (`-c`, combined) lists only the paths whose content differs from every parent:
 * what the merge itself brings, not what either side already had. A root commit (and the
 * first commit of a shallow clone) is compared with the empty tree. `--topo-order
 * --reverse` puts parents first, so a commit's .gitattributes can be followed along the
 * walk. Renames are off: a move is a deletion and an addition.
 */
export function walkCommits(options: { cwd: string; set: RevisionSet; listener: WalkListener }): Walk {
  const { args, input } = revisionArgs(options.set);
  const gitArgs = [
    "-c",
    "log.showRoot=true",
    "log",
    "--raw",
    "-z",
    "--no-abbrev",
    "--no-renames",
    "--no-color",
    "--no-ext-diff",
    "--no-show-signature",
    "-c",
    "--topo-order",
    "--reverse",
    "--format=format:%H %P",
    ...args,
  ];
  const child = spawnGit(gitArgs, { cwd: options.cwd, env: WHOLE_OUTPUT_ENV });
  const parser = new WalkParser(options.listener);
  child.stdout!.on("data", (chunk: Buffer) => {
    parser.push(chunk);
    options.listener.chunk?.();
  });
  const revisions = [...options.set.include, ...options.set.exclude];
  const done = exited(child, gitArgs, revisions).then(() => parser.end());
  child.stdin!.on("error", () => {});
  child.stdin!.end(input);
  return { done, kill: () => child.kill() };
}

/** git's words for an object it cannot read ("unable to read tree <id>", "object <id> is corrupt", …). */
const DAMAGED = /unable to read (tree|[0-9a-f]{40})|bad tree object|is corrupt|missing (blob|tree|commit) /;

function exited(child: ChildProcess, args: string[], revisions: string[]): Promise<void> {
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  return new Promise((resolve, reject) => {
    child.on("error", (error) => reject(new BallastError("GIT_FAILED", gitWords.notStarted(error.message, "log"), { cause: error })));
    child.on("close", (code, signal) => {
      if (code === 0) return resolve();
      const failure = gitFailed(args, stderr, signal ?? code);
      // "fatal: bad object <id>": a revision the caller gave (a full id passes rev-parse unread),
      // else a ref or commit whose object is gone: the repository is damaged.
      const bad = /bad object (\S+)/.exec(stderr)?.[1];
      if (bad && revisions.includes(bad)) return reject(new UnknownRevision(bad, failure));
      if (bad || DAMAGED.test(stderr)) return reject(new BallastError("GIT_FAILED", failure.message, { fix: fixes.damagedHistory, cause: failure }));
      reject(failure);
    });
  });
}

/**
 * A revision of the set that the repository does not have (a full id, which `git rev-parse`
 * passes without reading it; a pre-receive fed by hand). Callers say what it means to them
 * (api/scan.ts, api/receive.ts).
 */
export class UnknownRevision extends BallastError {
  constructor(
    readonly revision: string,
    cause: unknown,
  ) {
    super("BAD_ARGUMENTS", gitWords.unknownRevision(revision), { fix: gitWords.unknownRevisionFix, cause });
  }
}

/** The walk's output, parsed as it streams in (see walkCommits for the format). */
export class WalkParser {
  private readonly fields = new Splitter(0, (text, buf, start, end) => this.field(text, buf, start, end));
  /** The entry whose path is the next field (SKIP: one that could not be read). */
  private pending: EntryHeader | typeof SKIP | undefined;

  constructor(private readonly listener: WalkListener) {}

  push(chunk: Buffer): void {
    this.fields.push(chunk);
  }

  end(): void {
    this.fields.end();
  }

  private field(text: string, buf: Buffer, start: number, end: number): void {
    if (this.pending) {
      const e = this.pending;
      if (e !== SKIP) this.listener.entry(buf.toString("utf8", start, end), e.mode, e.object, e.status);
      this.pending = undefined;
      return;
    }
    if (start === end) return;
    if (text.charCodeAt(start) !== 0x3a /* ":" */) {
      // "<sha> <parents>", and for a commit with changes "\n" and its first entry.
      const newline = text.indexOf("\n", start);
      const headerEnd = newline >= 0 && newline < end ? newline : end;
      const [sha, ...parents] = buf.toString("latin1", start, headerEnd).split(" ");
      this.listener.commit(sha!, parents.filter(Boolean));
      if (headerEnd === end) return;
      start = headerEnd + 1;
      if (start === end) return;
    }
    this.pending = parseEntryAt(text, buf, start, end) ?? SKIP;
  }
}

const SKIP = Symbol("skip");
