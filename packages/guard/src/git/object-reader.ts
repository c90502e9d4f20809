import type { ChildProcess } from "node:child_process";
import { BallastError } from "../errors.js";
import { gitWords } from "../messages.js";
import { gitFailed, spawnGit } from "./exec.js";

/** A whole object as git stores it: its type and its raw bytes. */
export interface RawObject {
  type: string;
  content: Buffer;
}

/**
 * Whole small objects (commits, trees, tags, a .gitignore) on request, from one long-lived
 * `git cat-file --batch`, for a history rewrite that asks for them one after another.
 *   in:  "<sha>\n"
 *   out: "<sha> <type> <size>\n<size bytes>\n", or "<sha> missing\n"
 * Never used for a file's content that may be large: those are streamed (git/blob-out.ts).
 */
export class ObjectReader {
  private child: ChildProcess | undefined;
  private readonly waiting: Array<{ resolve: (o: RawObject | undefined) => void; reject: (e: unknown) => void }> = [];
  private chunks: Buffer[] = [];
  private length = 0;
  private header: { type: string; size: number } | undefined;
  private stderr = "";
  private failure: unknown;

  constructor(private readonly cwd: string) {}

  /** The object, or undefined when the repository does not have it. */
  read(object: string): Promise<RawObject | undefined> {
    if (this.failure) return Promise.reject(this.failure);
    const child = this.start();
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      child.stdin!.write(`${object}\n`);
    });
  }

  /** Like read(), but a missing object is an error (the history names it, so it must exist). */
  async need(object: string): Promise<RawObject> {
    const found = await this.read(object);
    if (!found) throw new BallastError("GIT_FAILED", gitWords.unreadable(object), { fix: gitWords.fsck });
    return found;
  }

  close(): void {
    this.child?.stdin!.end();
    this.child = undefined;
  }

  private start(): ChildProcess {
    if (this.child) return this.child;
    const child = spawnGit(["cat-file", "--batch"], { cwd: this.cwd });
    child.stdout!.on("data", (chunk: Buffer) => this.push(chunk));
    child.stderr!.on("data", (chunk: Buffer) => (this.stderr += chunk.toString("utf8")));
    child.stdin!.on("error", () => {});
    child.on("error", (error) => this.fail(new BallastError("GIT_FAILED", gitWords.notStarted(error.message, "cat-file"), { cause: error })));
    child.on("close", (code, signal) => {
      if (this.waiting.length > 0) this.fail(gitFailed(["cat-file"], this.stderr, signal ?? code));
    });
    this.child = child;
    return child;
  }

  private push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
    for (;;) {
      if (!this.header) {
        const all = this.flatten();
        const newline = all.indexOf(10);
        if (newline < 0) return;
        const [, type, size] = all.toString("latin1", 0, newline).split(" ");
        this.keep(all.subarray(newline + 1));
        if (type === "missing" || type === "ambiguous" || size === undefined) {
          this.waiting.shift()?.resolve(undefined);
          continue;
        }
        this.header = { type: type!, size: Number(size) };
      }
      // Joined only once the whole object is here: a large tree arrives in many chunks.
      if (this.length < this.header.size + 1) return;
      const all = this.flatten();
      const content = Buffer.from(all.subarray(0, this.header.size));
      this.keep(all.subarray(this.header.size + 1));
      const type = this.header.type;
      this.header = undefined;
      this.waiting.shift()?.resolve({ type, content });
    }
  }

  private flatten(): Buffer {
    if (this.chunks.length !== 1) this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0] ?? Buffer.alloc(0);
  }

  private keep(rest: Buffer): void {
    this.chunks = rest.length ? [rest] : [];
    this.length = rest.length;
  }

  private fail(error: unknown): void {
    this.failure = error;
    for (const w of this.waiting.splice(0)) w.reject(error);
  }
}
