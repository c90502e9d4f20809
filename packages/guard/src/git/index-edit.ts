import type { Readable } from "node:stream";
import { git } from "./exec.js";
import { parseLsFilesStage } from "./parse.js";
import { blobStream as blobOut } from "./blob-out.js";

/**
 * Reading and changing the index one entry at a time, for `stow` (and the pre-commit hook
 * that stows): a staged file's content, new blobs, and one atomic switch of entries.
 */

/** A staged file's mode and text (stage 0), or undefined when it is not in the index. */
export async function stagedFile(cwd: string, repoPath: string): Promise<{ mode: string; content: string } | undefined> {
  const { stdout } = await git(["ls-files", "-s", "-z", "--", repoPath], { cwd });
  const entry = parseLsFilesStage(stdout).find((e) => e.stage === 0 && e.path === repoPath);
  if (!entry) return undefined;
  const blob = await git(["cat-file", "blob", entry.object], { cwd });
  return { mode: entry.mode, content: blob.stdout.toString("utf8") };
}

/** Store `content` as a blob, with the filters `repoPath` has (`hash-object -w --stdin --path=P`); its id. */
export async function writeBlob(cwd: string, repoPath: string, content: string): Promise<string> {
  const { stdout } = await git(["hash-object", "-w", "--stdin", `--path=${repoPath}`], { cwd, input: content });
  return stdout.toString("utf8").trim();
}

/** An index change: a path out of the index, or a path set to a blob. */
export type IndexChange = { path: string; remove: true } | { path: string; mode: string; object: string };

/**
 * Apply every change in one write through git's own index.lock: all or nothing
 * (`update-index -z --index-info`, records "<mode> <object>\t<path>\0"; mode 0 with the
 * zero id removes the path).
 */
export async function switchIndexEntries(cwd: string, changes: IndexChange[], idLength: number): Promise<void> {
  const zero = "0".repeat(idLength);
  const records = changes.map((c) => ("remove" in c ? `0 ${zero}\t${c.path}` : `${c.mode} ${c.object}\t${c.path}`));
  await git(["update-index", "-z", "--index-info"], { cwd, input: `${records.join("\0")}\0` });
}

/**
 * A blob's bytes as a stream (`git cat-file blob`), and `done`, which fails when git did:
 * wait for it before trusting what was read. The reader is attached at once (Node
 * discards a child's unread output when it exits).
 */
export function blobStream(cwd: string, object: string): { body: Readable; done: Promise<void> } {
  const { stream, finished } = blobOut(cwd, object);
  const done = finished();
  done.catch(() => {}); // a caller that stops early still sees it through `await done`
  return { body: stream, done };
}
