import { BallastError } from "../errors.js";
import { configWords } from "../messages.js";
import { git, gitText } from "./exec.js";
import { isRegularFileMode, splitNul } from "./parse.js";

/** A regular file as committed in a revision's top folder. */
export interface CommittedFile {
  name: string;
  object: string;
  size: number;
}

/**
 * The first of `names` that `rev`'s top folder holds as a regular file, in the order given;
 * undefined when there is none, or `rev` does not exist yet (an empty repository's HEAD).
 */
export async function firstCommittedFile(cwd: string, rev: string, names: readonly string[]): Promise<CommittedFile | undefined> {
  // One git for the usual case (a hook's start-up pays for every process): ls-tree takes the
  // revision itself, unless it could be read as an option. Where it names no tree (an
  // empty repository's HEAD), rev-parse tells that apart from a real failure.
  const direct = !rev.startsWith("-");
  const listed = direct ? await git(["ls-tree", "-z", "--long", `${rev}^{tree}`, "--", ...names], { cwd, okCodes: [128] }) : undefined;
  let stdout = listed?.code === 0 ? listed.stdout : undefined;
  if (stdout === undefined) {
    const tree = await gitText(["rev-parse", "--verify", "--quiet", "--end-of-options", `${rev}^{tree}`], { cwd, okCodes: [1] });
    if (!tree) return undefined;
    stdout = (await git(["ls-tree", "-z", "--long", tree, "--", ...names], { cwd })).stdout;
  }
  const found = new Map(parseLsTreeLong(stdout).map((f) => [f.name, f]));
  return names.map((n) => found.get(n)).find(Boolean);
}

/** A `git cat-file --batch` already running (range/reader.ts), to read a blob without a process of its own. */
export interface BlobTextReader {
  answer(object: string): Promise<{ content: string } | null>;
}

/**
 * The bytes of a small committed file (a config), refusing one over `limit` bytes; through
 * `reader` when one runs (its text is UTF-8, as the config loader reads it anyway).
 */
export async function readSmallBlob(cwd: string, file: CommittedFile, limit: number, reader?: BlobTextReader): Promise<Buffer> {
  if (file.size > limit) {
    throw new BallastError("CONFIG_INVALID", configWords.tooLarge(file.name, file.size), { fix: configWords.tooLargeFix });
  }
  const blob = reader ? await reader.answer(file.object) : undefined;
  if (blob) return Buffer.from(blob.content, "utf8");
  return (await git(["cat-file", "blob", file.object], { cwd })).stdout;
}

/**
 * `git ls-tree -z --long`, regular files only:
 *   "100644 blob 3b18e512dba79e4c8300dd08aeb37f8e728b8dad      12\tballast.config.json\0"
 * (the size is padded; trees show "-" and are skipped with symlinks and submodules).
 */
export function parseLsTreeLong(output: Buffer | string): CommittedFile[] {
  return splitNul(output).flatMap((record) => {
    const tab = record.indexOf("\t");
    const [mode, type, object, size] = record.slice(0, Math.max(tab, 0)).split(/ +/);
    if (tab < 0 || type !== "blob" || !mode || !isRegularFileMode(mode) || !object || !/^\d+$/.test(size ?? "")) return [];
    return [{ name: record.slice(tab + 1), object, size: Number(size) }];
  });
}
