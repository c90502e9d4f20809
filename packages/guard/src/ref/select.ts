import { existsSync } from "node:fs";
import { lstat } from "node:fs/promises";
import path from "node:path";
import { BallastError } from "../errors.js";
import { gitOnPath } from "../git/exec.js";
import { refuseBareFolder } from "../git/bare.js";
import { openRepo } from "../git/repo.js";
import { fixes, pullWords, rangeFixes, referenceWords } from "../messages.js";
import { badReferenceError, resolveReferences, type FoundReference } from "./resolve.js";

/**
 * Which references a command acts on, in a repository or in a plain checkout without
 * .git (a Docker build context), and where each may safely write.
 */

/** A folder to work in: a git working tree, or a plain checkout (no .git). */
export interface Checkout {
  cwd: string;
  root: string;
  /** The git common dir (the cache lives there); undefined without .git. */
  commonDir?: string;
  /** git can list the references (else the folder is walked). */
  git: boolean;
  /** A .git is here (with \`git\` false: one no git can read, since none is on PATH). */
  dotGit: boolean;
}

/**
 * Open the repository around cwd, or, where there is none, treat cwd as a plain checkout.
 * No `.git` at or above cwd (a `git archive` export, a Docker build context): no git is
 * started at all, since a slim build stage has none (SPEC: pull and verify need no git).
 */
export async function openCheckout(options: { cwd?: string; env?: NodeJS.ProcessEnv }): Promise<Checkout> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const env = options.env ?? process.env;
  await refuseBareFolder(cwd);
  const plain = !GIT_DIR_ENV.some((name) => env[name]) && !dotGitAbove(cwd);
  // A .git but no git binary (a build context copied with its .git): the cache is still
  // found from the filesystem, and the references by walking the folder.
  const repo = plain
    ? undefined
    : await openRepo(cwd, env).catch((error: unknown) => {
        if (error instanceof BallastError && (error.code === "NOT_A_REPOSITORY" || error.code === "GIT_NOT_FOUND")) return undefined;
        throw error;
      });
  const root = repo?.root ?? cwd;
  return { cwd, root, git: repo !== undefined && gitOnPath(env), dotGit: !plain, ...(repo ? { commonDir: repo.commonDir } : {}) };
}

/** Variables that point git at a repository elsewhere: with one set, git decides. */
const GIT_DIR_ENV = ["GIT_DIR", "GIT_WORK_TREE"];

/** Whether a `.git` (folder or worktree file) exists at cwd or any folder above it. */
function dotGitAbove(cwd: string): boolean {
  for (let dir = cwd; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, ".git"))) return true;
    if (path.dirname(dir) === dir) return false;
  }
}

/** The references to act on: all, or those naming the given paths (the file or its .ballast). */
export async function selectReferences(co: Checkout, paths?: string[]): Promise<FoundReference[]> {
  const found = await resolveReferences({ root: co.root, source: "worktree", git: co.git });
  const invalid = found.invalid;
  const references = distinctTargets(found.references);
  if (!paths || paths.length === 0) {
    if (invalid[0]) throw badReferenceError(invalid[0], co);
    return references;
  }
  const chosen: FoundReference[] = [];
  for (const input of paths) {
    const rel = path.relative(co.root, path.resolve(co.cwd, input)).split(path.sep).join("/");
    const bad = invalid.find((b) => b.referencePath === rel || b.referencePath === `${rel}.ballast`);
    if (bad) throw badReferenceError(bad, co);
    const found = references.filter((r) => r.target === rel || r.referencePath === rel || r.target.startsWith(`${rel}/`) || rel === "" || rel === ".");
    if (found.length === 0) {
      throw new BallastError("BAD_ARGUMENTS", referenceWords.notStowed(input), { fix: fixes.pull() });
    }
    for (const f of found) if (!chosen.includes(f)) chosen.push(f);
  }
  return chosen;
}

/**
 * The absolute target, after refusing one that leaves the root, enters .git, or goes
 * through a symlink (a reference is untrusted input: it must not write anywhere else).
 */
export async function safeTarget(root: string, ref: FoundReference, where?: { git: boolean; dotGit: boolean }): Promise<string> {
  const fix = where && !where.git ? referenceWords.unsafeFixNoGit(ref.referencePath, where.dotGit) : referenceWords.unsafeFix(ref.referencePath);
  const unsafe = (why: string) => new BallastError("UNSAFE_PATH", pullWords.unsafe(ref.referencePath, why), { fix });
  const target = path.resolve(root, ...ref.target.split("/"));
  const rel = path.relative(root, target);
  if (!rel || rel.startsWith("..") || path.isAbsolute(rel)) throw unsafe(referenceWords.outside);
  const segments = rel.split(path.sep);
  if (segments.some((s) => s.toLowerCase() === ".git")) throw unsafe(referenceWords.insideGit);
  let dir = root;
  for (const segment of segments) {
    dir = path.join(dir, segment);
    const info = await lstat(dir).catch(() => undefined);
    if (!info) break;
    if (info.isSymbolicLink() && dir === target) {
      // The link itself where the file belongs: taking it away (not what it points to) lets pull write.
      throw new BallastError("UNSAFE_PATH", pullWords.symlinkTarget(ref.referencePath, ref.target), { fix: rangeFixes.replaceSymlink(ref.target) });
    }
    if (info.isSymbolicLink()) throw unsafe(referenceWords.throughSymlink(path.relative(root, dir)));
    if (dir !== target && !info.isDirectory()) throw unsafe(referenceWords.throughFile(path.relative(root, dir)));
    if (dir === target && !info.isFile()) throw unsafe(referenceWords.notRegular);
  }
  return target;
}

/**
 * One reference per target. Two references restoring the same file (or files that are one
 * on a case-insensitive or Unicode-normalising filesystem: "Model.bin" and "model.bin",
 * NFC "café" and NFD "café") with different content would overwrite each other: refused.
 * The same content twice is kept once.
 */
export function distinctTargets(references: FoundReference[]): FoundReference[] {
  const seen = new Map<string, FoundReference>();
  const out: FoundReference[] = [];
  for (const ref of references) {
    const key = ref.target.normalize("NFC").toLowerCase();
    const first = seen.get(key);
    if (!first) {
      seen.set(key, ref);
      out.push(ref);
      continue;
    }
    if (first.reference.sha256 === ref.reference.sha256 && first.reference.size === ref.reference.size && first.target === ref.target) continue;
    const same = first.target === ref.target ? first.target : `${first.target} and ${ref.target}`;
    throw new BallastError("UNSAFE_PATH", referenceWords.sameTarget(first.referencePath, ref.referencePath, same, first.target !== ref.target), { fix: referenceWords.sameTargetFix(ref.referencePath) });
  }
  return out;
}
