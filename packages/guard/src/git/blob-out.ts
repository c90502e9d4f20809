import { PassThrough, type Readable } from "node:stream";
import { gitFailed, spawnGit } from "./exec.js";

/**
 * A blob's bytes as a stream, from `git cat-file blob <sha>`: stdout is exactly the content
 * (no header), read as it comes, so a 4 GB model is never held in memory. `finished`
 * rejects when git fails (call it before trusting what was read).
 */
export function blobStream(cwd: string, object: string): { stream: Readable; finished: () => Promise<void> } {
  const child = spawnGit(["cat-file", "blob", object], { cwd });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const exited = new Promise<number | string | null>((resolve) => {
    child.on("error", (error) => resolve(error.message));
    child.on("close", (code, signal) => resolve(signal ?? code));
  });
  child.stdin!.on("error", () => {});
  child.stdin!.end();
  // A reader is attached at once: node discards a child's unread stdout when it exits.
  const stream = child.stdout!.pipe(new PassThrough());
  // A reader that stops before the end (a full disk, a failed upload) must not leave git
  // blocked on a pipe nobody reads, which would keep this process alive forever.
  let ended = false;
  stream.on("end", () => (ended = true));
  stream.on("close", () => {
    if (!ended && child.exitCode === null && child.signalCode === null) child.kill();
  });
  return {
    stream,
    finished: async () => {
      const status = await exited;
      if (status !== 0) throw gitFailed(["cat-file", "blob", object], stderr, status);
    },
  };
}
