import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { connect, createServer } from "node:net";
import path from "node:path";
import { BALLAST_BIN, gitdir, tempDir, type GitDir } from "@ballast/test-utils";

export const POINTER = "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n";

export interface Server {
  /** The bare repository. */
  dir: string;
  url: string;
  git: (...args: string[]) => string;
  /** The sha a ref names on the server, or "" when it has no such ref. */
  ref: (name: string) => string;
}

/**
 * A bare repository as a server keeps it, with `hooks/pre-receive` running the built CLI
 * (`node …/dist/bin.cjs receive ARGS`), as docs/server.md tells an admin to install it.
 */
export function server(options: { args?: string[]; serverConfig?: object } = {}): Server {
  const dir = path.join(tempDir("ballast-server-"), "repo.git");
  spawnSync("git", ["init", "-q", "--bare", "-b", "main", dir]);
  const args = [...(options.args ?? [])];
  if (options.serverConfig) {
    const file = path.join(path.dirname(dir), "ballast-server.json");
    writeFileSync(file, JSON.stringify(options.serverConfig));
    args.push("--config", file);
  }
  const quoted = args.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(" ");
  writeFileSync(path.join(dir, "hooks", "pre-receive"), `#!/bin/sh\nexec "${process.execPath}" "${BALLAST_BIN}" receive ${quoted}\n`, { mode: 0o755 });
  const git = (...a: string[]) => {
    const r = spawnSync("git", a, { cwd: dir, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`git ${a.join(" ")}: ${r.stderr}`);
    return r.stdout.trim();
  };
  const ref = (name: string) => spawnSync("git", ["rev-parse", "--verify", "-q", name], { cwd: dir, encoding: "utf8" }).stdout.trim();
  return { dir, url: `file://${dir}`, git, ref };
}

/**
 * A developer's clone with no hooks at all (core.hooksPath is an empty folder of its own:
 * only the server guards). A command that installs hooks (git lfs migrate) writes there.
 */
export function client(tree: Parameters<typeof gitdir>[0] = { "README.md": "# bot\n" }): GitDir {
  const repo = gitdir(tree);
  const hooks = path.join(tempDir("ballast-no-hooks-"), "hooks");
  mkdirSync(hooks);
  repo.git(["config", "core.hooksPath", hooks]);
  return repo;
}

/** `git push`; its status and everything git printed (the hook's lines come as "remote: …"). */
export function push(repo: GitDir, args: string[], env?: NodeJS.ProcessEnv): { status: number | null; output: string } {
  const result = repo.git(["push", ...args], { allowFail: true, ...(env ? { env } : {}) });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** A push with the server's hook set aside (an admin's, or one from before the hook was installed): what the hook refuses can be there anyway. */
export function pushPastHook(srv: Server, repo: GitDir, args: string[]): { status: number | null; output: string } {
  const hook = path.join(srv.dir, "hooks", "pre-receive");
  renameSync(hook, `${hook}.off`);
  try {
    return push(repo, args);
  } finally {
    renameSync(`${hook}.off`, hook);
  }
}

/** Lines the hook printed, as the pusher sees them ("remote: " and git's padding removed). */
export function remoteLines(output: string): string[] {
  return output
    .split("\n")
    .filter((l) => l.startsWith("remote: "))
    .map((l) => l.slice("remote: ".length).replace(/\s+$/, ""));
}

/** A free TCP port on 127.0.0.1 (bound, read, released). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/**
 * `git daemon` serving `base` on 127.0.0.1:port with receive-pack on (pushes over git://),
 * ready once it listens. The caller kills it (`daemon.kill()`) when done.
 */
export async function gitDaemon(base: string): Promise<{ url: (repo: string) => string; daemon: ChildProcess }> {
  const port = await freePort();
  const daemon = spawn("git", ["daemon", "--reuseaddr", "--export-all", "--enable=receive-pack", "--informative-errors", `--base-path=${base}`, "--listen=127.0.0.1", `--port=${port}`, base], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("git daemon did not start")), 20_000);
    daemon.once("exit", (code) => reject(new Error(`git daemon exited (${code})`)));
    // It says nothing when it is ready: probe the port until a connection is accepted.
    const probe = () => {
      const socket = connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        clearTimeout(timer);
        resolve();
      });
      socket.once("error", () => setTimeout(probe, 50));
    };
    probe();
  });
  return { url: (repo) => `git://127.0.0.1:${port}/${repo}`, daemon };
}
