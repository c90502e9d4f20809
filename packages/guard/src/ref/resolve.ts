import { lstat, readFile } from "node:fs/promises";
import path from "node:path";
import { BallastError } from "../errors.js";
import { objectHeads, objectInfo } from "../git/catfile.js";
import { walkFiles } from "../checkout/walk.js";
import { git } from "../git/exec.js";
import { isRegularFileMode, parseLsFilesStage, parseLsTree, splitNul } from "../git/parse.js";
import { referenceReasons, referenceWords } from "../messages.js";
import { MAX_REFERENCE_BYTES, parseReference, REFERENCE_SUFFIX, targetOf, type Reference } from "./format.js";

/** A reference file found in the repository (or a checkout without .git). */
export interface FoundReference {
  /** The reference file, `/`-separated, relative to the root: `models/x.tar.gz.ballast`. */
  referencePath: string;
  /** The file it stands for: `models/x.tar.gz`. */
  target: string;
  reference: Reference;
}

/** A reference file that could not be used, and why. */
export interface BadReference {
  referencePath: string;
  reason: string;
  /** The reference is from a newer ballast. */
  upgrade?: boolean;
}

export interface References {
  references: FoundReference[];
  invalid: BadReference[];
}

/**
 * Where to read references from:
 * - "index": the staged references (GIT_INDEX_FILE is honoured);
 * - "worktree": reference files on disk (tracked or untracked-not-ignored in a repository;
 *   every `*.ballast` outside node_modules and .git in a folder without git);
 * - { commit }: the references recorded in a commit (what pre-push checks).
 */
export type ReferenceSource = "index" | "worktree" | { commit: string };

export interface ResolveReferencesOptions {
  /** The repository root (or the checkout folder when `git: false`). */
  root: string;
  source: ReferenceSource;
  /** False for a checkout without .git (a Docker build context): walks the folder. */
  git?: boolean;
}

/**
 * Every reference in a source, strictly validated. Bad ones are returned in `invalid`
 * rather than thrown, so a caller can report them all at once.
 */
export async function resolveReferences(options: ResolveReferencesOptions): Promise<References> {
  const { root, source } = options;
  if (source === "worktree") {
    const paths = options.git === false ? await walkReferences(root) : await worktreeReferencePaths(root);
    const found: Array<{ referencePath: string; text?: Buffer; problem?: string }> = [];
    for (const referencePath of paths) {
      const file = path.join(root, ...referencePath.split("/"));
      try {
        const info = await lstat(file);
        if (!info.isFile()) continue;
        if (info.size > MAX_REFERENCE_BYTES) found.push({ referencePath, problem: `is over ${MAX_REFERENCE_BYTES} bytes` });
        else found.push({ referencePath, text: await readFile(file) });
      } catch {
        // Listed by git but deleted on disk: nothing to read here.
      }
    }
    return collect(found);
  }
  const blobs = source === "index" ? await indexReferenceBlobs(root) : await commitReferenceBlobs(root, source.commit);
  const info = await objectInfo(
    root,
    blobs.map((b) => b.object),
  );
  const small = blobs.filter((b) => (info.get(b.object)?.size ?? Infinity) <= MAX_REFERENCE_BYTES);
  const heads = await objectHeads(
    root,
    small.map((b) => ({ object: b.object, bytes: MAX_REFERENCE_BYTES })),
  );
  return collect(
    blobs.map((b) => {
      const text = heads.get(b.object);
      return text ? { referencePath: b.path, text } : { referencePath: b.path, problem: `is over ${MAX_REFERENCE_BYTES} bytes` };
    }),
  );
}

/** Read and validate one reference file from disk; throws a BallastError naming it. */
export async function readReference(file: string): Promise<Reference> {
  let text: Buffer;
  try {
    const info = await lstat(file);
    if (!info.isFile()) throw new Error(referenceWords.notFile);
    if (info.size > MAX_REFERENCE_BYTES) throw new Error(referenceWords.overLimit(MAX_REFERENCE_BYTES));
    text = await readFile(file);
  } catch (error) {
    throw new BallastError("IO", referenceWords.unreadable(file, (error as Error).message), {
      fix: referenceWords.unreadableFix,
      cause: error,
    });
  }
  const parsed = parseReference(text);
  if (!parsed.ok) throw badReferenceError({ referencePath: file, reason: parsed.reason, ...(parsed.upgrade ? { upgrade: true } : {}) });
  return parsed.reference;
}

/**
 * The error for a reference that cannot be used (exit 2). `where`: where no git can run
 * (a build context without .git, or `dotGit` with no git on PATH), the fix is words.
 */
export function badReferenceError(bad: BadReference, where?: { git: boolean; dotGit: boolean }): BallastError {
  if (bad.upgrade) {
    return new BallastError("BAD_ARGUMENTS", referenceWords.newer(bad.referencePath, bad.reason), { fix: referenceWords.upgradeFix });
  }
  const unsafe = /leaves|enters|absolute|backslash|control/.test(bad.reason);
  return new BallastError(unsafe ? "UNSAFE_PATH" : "INTEGRITY", referenceWords.unusable(bad.referencePath, bad.reason), {
    fix:
      where && !where.git
        ? referenceWords.restoreFixNoGit(bad.referencePath, where.dotGit)
        : bad.reason === referenceReasons.conflict
          ? referenceWords.conflictFix(bad.referencePath)
          : referenceWords.restoreFix(bad.referencePath),
  });
}

function collect(found: Array<{ referencePath: string; text?: Buffer; problem?: string }>): References {
  const references: FoundReference[] = [];
  const invalid: BadReference[] = [];
  for (const f of found) {
    if (f.problem || !f.text) {
      invalid.push({ referencePath: f.referencePath, reason: f.problem ?? referenceReasons.unreadable });
      continue;
    }
    const parsed = parseReference(f.text);
    if (parsed.ok) references.push({ referencePath: f.referencePath, target: targetOf(f.referencePath, parsed.reference), reference: parsed.reference });
    else invalid.push({ referencePath: f.referencePath, reason: parsed.reason, ...(parsed.upgrade ? { upgrade: true } : {}) });
  }
  return { references, invalid };
}

export function isReferencePath(p: string): boolean {
  return p.endsWith(REFERENCE_SUFFIX) && !p.endsWith(`/${REFERENCE_SUFFIX}`) && p !== REFERENCE_SUFFIX;
}

async function indexReferenceBlobs(root: string): Promise<Array<{ path: string; object: string }>> {
  const { stdout } = await git(["ls-files", "-s", "-z"], { cwd: root });
  return parseLsFilesStage(stdout)
    .filter((e) => e.stage === 0 && isRegularFileMode(e.mode) && isReferencePath(e.path))
    .map((e) => ({ path: e.path, object: e.object }));
}

async function commitReferenceBlobs(root: string, commit: string): Promise<Array<{ path: string; object: string }>> {
  const { stdout } = await git(["ls-tree", "-r", "-z", commit, "--"], { cwd: root });
  return parseLsTree(stdout)
    .filter((e) => e.type === "blob" && isRegularFileMode(e.mode) && isReferencePath(e.path))
    .map((e) => ({ path: e.path, object: e.object }));
}

/**
 * `git ls-files -z --cached --others --exclude-standard`: "path\0" per file, tracked and
 * untracked-but-not-ignored (a reference just written by hand counts).
 */
async function worktreeReferencePaths(root: string): Promise<string[]> {
  const { stdout } = await git(["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: root });
  return [...new Set(splitNul(stdout).filter(isReferencePath))].sort();
}

/** Every `*.ballast` under root, without following symlinks; node_modules and .git skipped. */
export async function walkReferences(root: string, prefix = ""): Promise<string[]> {
  return (await walkFiles(root, prefix)).map((f) => f.path).filter(isReferencePath);
}
