import type { ChildProcess } from "node:child_process";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { BallastError } from "../errors.js";
import { gitWords } from "../messages.js";
import { gitFailed, spawnGit } from "./exec.js";

/** One entry of a tree to write: `mode` as ls-tree prints it ("100644", "040000"), `name` as raw bytes. */
export interface TreeEntryOut {
  mode: string;
  type: "blob" | "tree" | "commit";
  object: string;
  name: Buffer;
}

/** Writes new objects into the repository (or, for a dry run, only pretends to). */
export interface ObjectWriter {
  tree(entries: TreeEntryOut[]): Promise<string>;
  blob(content: Buffer | string): Promise<string>;
  /** A raw commit or tag object, byte for byte. */
  object(type: "commit" | "tag", raw: Buffer): Promise<string>;
  close(): Promise<void>;
}

/**
 * Objects written by long-lived git processes, one request at a time:
 *   `git mktree -z --batch`  in: "<mode> <type> <sha>\t<name>\0"… then "\0" ends a tree
 *                            out: "<tree sha>\n" per tree
 *   `git hash-object -w -t <type> --no-filters --stdin-paths`
 *                            in: "<file>\n"   out: "<sha>\n" (git checks a commit or tag parses)
 * hash-object reads each object from a temporary file in `tempDir`, removed once hashed.
 */
export function gitObjectWriter(cwd: string, tempDir: string): ObjectWriter {
  const procs = new Map<string, LineProcess>();
  const proc = (key: string, args: string[]) => {
    let p = procs.get(key);
    if (!p) procs.set(key, (p = new LineProcess(cwd, args)));
    return p;
  };
  let count = 0;
  const viaFile = async (type: string, content: Buffer | string) => {
    await mkdir(tempDir, { recursive: true });
    const file = path.join(tempDir, `${process.pid}-${count++}`);
    await writeFile(file, content);
    try {
      return await proc(type, ["hash-object", "-w", "-t", type, "--no-filters", "--stdin-paths"]).ask(`${file}\n`);
    } finally {
      await rm(file, { force: true });
    }
  };
  return {
    tree(entries) {
      const parts = entries.map((e) => Buffer.concat([Buffer.from(`${e.mode} ${e.type} ${e.object}\t`), e.name, Buffer.from([0])]));
      return proc("tree", ["mktree", "-z", "--batch"]).ask(Buffer.concat([...parts, Buffer.from([0])]));
    },
    blob: (content) => viaFile("blob", content),
    object: (type, raw) => viaFile(type, raw),
    async close() {
      await Promise.all([...procs.values()].map((p) => p.close()));
      await rm(tempDir, { recursive: true, force: true });
    },
  };
}

/** A writer that writes nothing: every new object gets a made-up name (a dry run). */
export function dryObjectWriter(): ObjectWriter {
  let count = 0;
  const name = async () => `dry-run-${++count}`;
  return { tree: name, blob: name, object: name, close: async () => {} };
}

/** A git process that answers each input with one line. */
class LineProcess {
  private readonly child: ChildProcess;
  private readonly waiting: Array<{ resolve: (line: string) => void; reject: (e: unknown) => void }> = [];
  private rest = "";
  private stderr = "";
  private failure: unknown;

  constructor(cwd: string, private readonly args: string[]) {
    this.child = spawnGit(args, { cwd });
    this.child.stdout!.setEncoding("utf8");
    this.child.stdout!.on("data", (chunk: string) => {
      const lines = (this.rest + chunk).split("\n");
      this.rest = lines.pop()!;
      for (const line of lines) this.waiting.shift()?.resolve(line.trim());
    });
    this.child.stderr!.on("data", (chunk: Buffer) => (this.stderr += chunk.toString("utf8")));
    this.child.stdin!.on("error", () => {});
    this.child.on("error", (error) => this.fail(new BallastError("GIT_FAILED", gitWords.notStarted(error.message, args[0]), { cause: error })));
    this.child.on("close", (code, signal) => {
      if (this.waiting.length > 0 || code !== 0) this.fail(gitFailed(this.args, this.stderr, signal ?? code));
    });
  }

  ask(input: string | Buffer): Promise<string> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.child.stdin!.write(input);
    });
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) return this.failure ? reject(this.failure) : resolve();
      this.child.on("close", () => (this.failure ? reject(this.failure) : resolve()));
      this.child.stdin!.end();
    });
  }

  private fail(error: unknown): void {
    this.failure ??= error;
    for (const w of this.waiting.splice(0)) w.reject(error);
  }
}
