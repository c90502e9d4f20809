import { spawn, type ChildProcess } from "node:child_process";
import { EventEmitter } from "node:events";
import { existsSync } from "node:fs";
import { PassThrough, Writable, type Readable } from "node:stream";

/**
 * Several git processes started with ONE process start from Node. On the small VMs this
 * runs on, each spawn() blocks Node's main thread for 5–12 ms (fork, then waiting for the
 * child's exec), three times per commit; a POSIX shell is a tiny process whose own forks
 * cost a fraction of that. The shell starts each git in a subshell wired to pipes of its
 * own, then reports each exit status on its stdout:
 *
 *   fd 1: "<index> <status>\n" per git, as each one exits
 *   fd 2: every git's stderr (shared)
 *   fd 3…: per git, its stdout and (when `stdin`) its stdin
 *
 * Each git sees only its own pipes (a pipe held open by a sibling would hide its end of
 * output). What comes back behaves like a ChildProcess for everything ballast uses:
 * stdin/stdout/stderr streams, "exit" and "close" with the code or signal, kill().
 * undefined where there is no POSIX shell (Windows): start them one by one.
 */
export function spawnGroup(gitPath: string, commands: Array<{ args: string[]; stdin: boolean; env?: NodeJS.ProcessEnv }>, cwd: string): ChildProcess[] | undefined {
  if (process.platform === "win32" || !existsSync(SHELL)) return undefined;
  let fd = 3;
  const wiring = commands.map((c) => ({ stdin: c.stdin ? fd++ : undefined, stdout: fd++ }));
  // dash, the usual /bin/sh, takes single-digit descriptors only.
  if (fd > 10) return undefined;
  const all = wiring.flatMap((w) => (w.stdin === undefined ? [w.stdout] : [w.stdin, w.stdout]));
  const close = (fds: number[]) => fds.map((n) => `${n}>&-`).join(" ");
  const script = commands
    .map((c, i) => {
      const w = wiring[i]!;
      const mine = w.stdin === undefined ? [w.stdout] : [w.stdin, w.stdout];
      const others = all.filter((n) => !mine.includes(n));
      const input = w.stdin === undefined ? "</dev/null" : `<&${w.stdin} ${w.stdin}<&-`;
      // Extra environment as assignments before the command: for that git only.
      const assignments = Object.entries(c.env ?? {}).map(([name, value]) => `${name}=${quote(value ?? "")}`);
      const run = [...assignments, quote(gitPath), ...c.args.map(quote)].join(" ");
      return `{ ${others.length ? `exec ${close(others)}; ` : ""}${run} ${input} >&${w.stdout} ${w.stdout}>&-; echo "${i} $?"; } &`;
    })
    .concat(`exec ${close(all)}`, "wait")
    .join("\n");

  let shell: ChildProcess;
  try {
    shell = spawn(SHELL, ["-c", script], { cwd, stdio: ["ignore", "pipe", "pipe", ...all.map(() => "pipe" as const)], windowsHide: true });
  } catch {
    return undefined;
  }
  const members = wiring.map((w) => new Member(shell.stdio[w.stdout] as Readable, w.stdin === undefined ? null : (shell.stdio[w.stdin] as Writable)));
  shell.on("error", (error) => members.forEach((m) => m.fail(error)));
  shell.stderr!.on("data", (chunk: Buffer) => members.forEach((m) => m.stderr.writableEnded || m.stderr.write(chunk)));
  shell.stderr!.on("close", () => members.forEach((m) => m.stderr.writableEnded || m.stderr.end()));
  let rest = "";
  shell.stdout!.setEncoding("utf8");
  shell.stdout!.on("data", (chunk: string) => {
    const lines = (rest + chunk).split("\n");
    rest = lines.pop()!;
    for (const line of lines) {
      const [index, status] = line.split(" ").map(Number);
      members[index!]?.exited(status!);
    }
  });
  // The shell ended without a status for some git (it was killed): those fail.
  shell.on("close", () => members.forEach((m) => m.exited(SHELL_LOST)));
  return members as unknown as ChildProcess[];
}

const SHELL = "/bin/sh";
const SHELL_LOST = 255;

/** One git of a group, as much of a ChildProcess as ballast uses. */
class Member extends EventEmitter {
  readonly stderr = new PassThrough();
  /** A git started with </dev/null still gets a stdin to end, as a spawned one would. */
  readonly stdin: Writable;
  exitCode: number | null = null;
  signalCode: NodeJS.Signals | null = null;
  private status: number | undefined;
  private outputClosed = false;
  private closed = false;

  constructor(
    readonly stdout: Readable,
    stdin: Writable | null,
  ) {
    super();
    this.stdin = stdin ?? new Writable({ write: (_chunk, _encoding, done) => done() });
    stdout.on("close", () => {
      this.outputClosed = true;
      this.settle();
    });
  }

  exited(status: number): void {
    if (this.status !== undefined) return;
    this.status = status;
    // A failure's message may still be in the shared stderr pipe: give it a moment.
    if (status !== 0 && !this.stderr.writableEnded) {
      const timer = setTimeout(() => this.settle(), 50);
      this.stderr.once("finish", () => {
        clearTimeout(timer);
        this.settle();
      });
    } else this.settle();
  }

  fail(error: Error): void {
    if (this.closed) return;
    this.closed = true;
    this.emit("error", error);
  }

  /** Close its pipes: git gets EOF on stdin or SIGPIPE on output, and ends. */
  kill(): boolean {
    this.stdin.destroy();
    this.stdout.destroy();
    return true;
  }

  private settle(): void {
    if (this.closed || this.status === undefined || !this.outputClosed) return;
    this.closed = true;
    const status = this.status;
    // A shell reports a git killed by signal N as 128 + N.
    if (status > 128 && status < 255) this.signalCode = signalName(status - 128);
    else this.exitCode = status;
    if (!this.stderr.writableEnded) this.stderr.end();
    this.emit("exit", this.exitCode, this.signalCode);
    // "close" after the stderr listeners have had what is left in it.
    setImmediate(() => this.emit("close", this.exitCode, this.signalCode));
  }
}

function signalName(n: number): NodeJS.Signals {
  const names: Record<number, NodeJS.Signals> = { 1: "SIGHUP", 2: "SIGINT", 6: "SIGABRT", 9: "SIGKILL", 13: "SIGPIPE", 15: "SIGTERM" };
  return names[n] ?? "SIGTERM";
}

function quote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}
