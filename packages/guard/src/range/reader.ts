import type { ChildProcess } from "node:child_process";
import { BallastError } from "../errors.js";
import { gitWords } from "../messages.js";
import { git, gitFailed, spawnGit } from "../git/exec.js";

/** A small blob read whole: a .gitattributes file. */
export interface SmallBlob {
  object: string;
  content: string;
}

/**
 * One long-lived `git cat-file --batch` for the few small files the walk needs whole
 * (.gitattributes), asked by name as they turn up, answered in order:
 *   in:  "<sha>\n" or "<commit>:<path>\n"
 *   out: "<sha> blob <size>\n<size bytes>\n", or "<name> missing\n" (also "ambiguous")
 * Started on the first question; a name is asked once (answers are kept: they are few).
 * A "<commit>:<path>" whose path holds a newline cannot be a line of that protocol (git
 * 2.39 has no `cat-file -z` for --batch input): its id comes from a `git ls-tree` of its
 * own, then the blob is asked by id.
 */
export class SmallBlobReader {
  private child: ChildProcess | undefined;
  private readonly answers = new Map<string, SmallBlob | null>();
  private readonly asked: string[] = [];
  /** Asked, answer not in yet: not sent twice. */
  private readonly waiting = new Set<string>();
  private answered = 0;
  private buffer: Buffer = Buffer.alloc(0);
  private failure: unknown;
  private waiters: Array<{ resolve: () => void; reject: (e: unknown) => void }> = [];
  private exit: Promise<void> | undefined;
  /** Asked since the last write: sent together once the current task is done (a write costs ~60 µs). */
  private unsent: string[] = [];
  /** Names looked up beside the batch (a path with a newline): pending, and done. */
  private aside = 0;
  private asideDone = 0;

  constructor(private readonly cwd: string) {}

  /** How many answers have come in so far (a question asked again gets none new). */
  get progress(): number {
    return this.answered + this.asideDone;
  }

  /** The answer if it is in (null: no such blob), else undefined (and the question is sent). */
  get(name: string): SmallBlob | null | undefined {
    if (this.answers.has(name)) return this.answers.get(name);
    if (!this.waiting.has(name)) this.ask(name);
    return undefined;
  }

  /** The answer, once it is in (null: no such blob). */
  answer(name: string): Promise<SmallBlob | null> {
    return this.until(() => this.get(name));
  }

  /**
   * Run `fn` until it has what it needs (not undefined), waiting for the answers between
   * tries. `fn` asks what it lacks (get()), so a try that gets nothing new after a wait is a
   * bug: failed, not waited on forever.
   */
  async until<T>(fn: () => T | undefined): Promise<T> {
    for (let before = -1; ; ) {
      const value = fn();
      if (value !== undefined) return value;
      if (this.progress === before) throw new Error("a question to git cat-file --batch was never asked");
      before = this.progress;
      await this.idle();
    }
  }

  /** Settles once every question asked so far is answered. */
  idle(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.answered === this.asked.length && this.aside === 0) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** No more questions: git exits. */
  async close(): Promise<void> {
    if (!this.child) return;
    this.send();
    this.child.stdin!.end();
    await this.exit;
  }

  kill(): void {
    this.child?.kill();
  }

  private ask(name: string): void {
    if (name.includes("\n")) return this.askAside(name);
    this.waiting.add(name);
    this.asked.push(name);
    this.start();
    if (this.unsent.push(name) === 1) queueMicrotask(() => this.send());
  }

  private askAside(name: string): void {
    this.waiting.add(name);
    this.aside++;
    const colon = name.indexOf(":");
    git(["--literal-pathspecs", "ls-tree", "-z", "--full-tree", name.slice(0, colon), "--", name.slice(colon + 1)], { cwd: this.cwd })
      .then(({ stdout }) => {
        // "<mode> <type> <id>\t<path>\0", or nothing where the commit has no such path.
        const record = stdout.toString("utf8");
        const tab = record.indexOf("\t");
        const [, type, object] = record.slice(0, Math.max(tab, 0)).split(" ");
        this.aside--;
        this.asideDone++;
        if (tab > 0 && type === "blob" && object) {
          // Asked by id, answered under its name (and its id): the batch keeps the order.
          this.asked.push(name);
          this.start();
          if (this.unsent.push(object) === 1) queueMicrotask(() => this.send());
        } else {
          this.answers.set(name, null);
          this.waiting.delete(name);
        }
        this.wake();
      })
      .catch((error: unknown) => this.fail(error));
  }

  private send(): void {
    if (this.unsent.length === 0 || !this.child) return;
    this.child.stdin!.write(`${this.unsent.join("\n")}\n`);
    this.unsent = [];
  }

  private start(): ChildProcess {
    if (this.child) return this.child;
    const args = ["cat-file", "--batch"];
    const child = spawnGit(args, { cwd: this.cwd });
    this.child = child;
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.stdin!.on("error", () => {});
    child.stdout!.on("data", (chunk: Buffer) => this.read(chunk));
    this.exit = new Promise((resolve, reject) => {
      child.on("error", (error) => this.fail(new BallastError("GIT_FAILED", gitWords.notStarted(error.message, "cat-file"), { cause: error })));
      child.on("close", (code, signal) => {
        if (code === 0) return resolve();
        this.fail(gitFailed(args, stderr, signal ?? code));
        reject(this.failure);
      });
    });
    this.exit.catch(() => {});
    return child;
  }

  private read(chunk: Buffer): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    for (;;) {
      const newline = this.buffer.indexOf(10);
      if (newline < 0) break;
      const header = this.buffer.toString("utf8", 0, newline);
      const match = /^([0-9a-f]{40,64}) (\S+) (\d+)$/.exec(header);
      const name = this.asked[this.answered]!;
      if (!match) {
        this.answers.set(name, null);
        this.buffer = this.buffer.subarray(newline + 1);
      } else {
        const size = Number(match[3]);
        if (this.buffer.length < newline + 1 + size + 1) break;
        const content = this.buffer.toString("utf8", newline + 1, newline + 1 + size);
        const blob = match[2] === "blob" ? { object: match[1]!, content } : null;
        this.answers.set(name, blob);
        // Asked by path, known by id from now on.
        if (blob && name !== blob.object) this.answers.set(blob.object, blob);
        this.buffer = this.buffer.subarray(newline + 1 + size + 1);
      }
      this.waiting.delete(name);
      this.answered++;
    }
    this.wake();
  }

  private wake(): void {
    if (this.answered !== this.asked.length || this.aside !== 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w.resolve();
  }

  private fail(error: unknown): void {
    this.failure ??= error;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w.reject(this.failure);
  }
}
