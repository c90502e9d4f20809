import { dirname } from "node:path";
import { pathArgs, shellQuote } from "../util/shell.js";
import { BIN, fixes } from "./findings.js";
import { pointerWords } from "./history.js";

// Object storage: stow, pull, push, status (and auto-redirect in pre-commit).

export const stowWords = {
  usage: `${BIN} stow PATH...`,
  again: (paths: string[]) => `${BIN} stow ${pathArgs(paths)}`,
  noPaths: "stow needs the files to redirect to object storage",
  outside: (input: string, root: string) => `${input} is outside the repository at ${root}`,
  missing: (path: string) => `${path} does not exist`,
  missingFix: "name a file that is in the working tree (relative to the folder you run the command in), then run the command again",
  notRegular: (path: string) => `${path} is not a regular file (a folder or a symlink cannot be stowed)`,
  notThis: (path: string) => `${path} cannot be stowed: ballast writes to it`,
  insideGit: (path: string) => `${path} is inside .git`,
  throughSymlink: (path: string) => `${path} lies behind a symlinked folder`,
  cannotIgnore: (path: string, why: string) => `${JSON.stringify(path)} ${why}, so it cannot be stowed; nothing was changed`,
  /** The name with what no reference can hold (a backslash, a control character) as "_". */
  rename: (path: string) => {
    const slash = path.lastIndexOf("/") + 1;
    // eslint-disable-next-line no-control-regex
    const renamed = `${path.slice(0, slash).replace(/[\u0000-\u001f\u007f]/g, "_")}${path.slice(slash).replace(/[\u0000-\u001f\u007f\\]/g, "_")}`;
    // `git add` first: `git mv` renames a tracked file only, and the index must lose the old name too.
    return `git add -- ${shellQuote(path)} && git mv -- ${shellQuote(path)} ${shellQuote(renamed)} && ${BIN} stow ${pathArgs([renamed])}`;
  },
  changed: (path: string) => `${path} changed while it was being hashed; nothing was changed`,
  retry: (path: string) => `wait until whatever writes it has finished, then run: ${fixes.stow(path)}`,
  temporaryIndex:
    "git is committing through a temporary index (git commit PATH, --only), whose changes cannot be carried back: stow the model file by hand, then commit without paths",
};

export const pullWords = {
  /** The first failure's words, then the others' paths and what was restored. */
  someFailed: (first: string, others: string[], restored: number) =>
    others.length === 0 && restored === 0
      ? first
      : `${first}${others.length > 0 ? `; ${others.length} more not restored either (${others.slice(0, 3).join(", ")}${others.length > 3 ? ", …" : ""})` : ""}; the other ${restored} ${restored === 1 ? "file was" : "files were"} restored`,
  differs: "differs from its reference; ballast does not overwrite a local change",
  /** In a git checkout the change can become the new version instead. */
  differsKeep: (path: string) => `differs from its reference; ballast does not overwrite a local change (to keep yours as the new version instead: ${fixes.stow(path)})`,
  /** pull --force replaced a local file: where its bytes are now, and the command that puts them back. */
  kept: (path: string, sha256: string, where: string, back: string) => `your ${path} (sha256 ${sha256.slice(0, 12)}…) was kept ${where}; to get it back: ${back}`,
  keptInCache: "in the local cache",
  keptBeside: (file: string) => `as ${file}`,
  keptBack: (from: string, to: string, copy: boolean) => `${copy ? "cp" : "mv"} -- ${shellQuote(from)} ${shellQuote(to)}`,
  keptNotOurs: (file: string) => `${file} is in the way: ballast keeps the file it replaces there, and it holds something else`,
  keptNotOursFix: (file: string) => `move ${shellQuote(file)} somewhere else, then run the command again`,
  /** status: a stowed file that differs here, and both ways out. */
  statusDiffers: (path: string, git: boolean) =>
    git
      ? `${path} differs from its reference: to keep it, ${fixes.stow(path)}; to go back to the stowed version, ${fixes.pullForce(path)}`
      : `${path} differs from its reference: to go back to the stowed version, ${fixes.pullForce(path)}`,
  unsafe: (ref: string, why: string) => `${ref} points to a file that ${why}; nothing was written`,
  symlinkTarget: (ref: string, target: string) => `${ref} restores ${target}, which is a symlink here: ballast never writes through one; nothing was written`,
  restored: "restored",
};

/** A filesystem failure while ballast writes files (util/io-error.ts, util/lock.ts). */
export const fileWords = {
  /** What was being done: "stowing a.bin, b.bin failed: …". */
  stowing: (paths: string[]) => `stowing ${paths.join(", ")}`,
  redirecting: (paths: string[]) => `redirecting ${paths.join(", ")}`,
  restoring: (path: string) => `restoring ${path}`,
  keeping: (path: string) => `keeping a copy of ${path} before replacing it`,
  failed: (doing: string, why: string | undefined) => `${doing} failed: ${why}`,
  diskFull: "the disk is full",
  /** `path`: where the write failed, when Node says. */
  diskFullFix: (path: string | undefined, then: string) => `free space on that disk (df -h ${path ? shellQuote(dirname(path)) : "."} shows what is left), then: ${then}`,
  permission: (path: string | undefined) => `permission denied (${path ?? ""})`,
  timedOut: (doing: string) => `${doing} failed: the store stopped sending data and timed out`,
  timedOutFix: "check the store and your network, or raise store.timeout, then run the command again",
  redirectFix: "fix the cause above and commit again; to skip once: BALLAST_SKIP=1 git commit ...",
  locked: (file: string) => `another ballast is changing this repository (${file} is held)`,
  lockedFix: (file: string) => `wait for it to finish, or remove ${shellQuote(file)} if no ballast is running`,
  /** Why a path cannot be a .gitignore line (stow, migrate). */
  notIgnorable: "contains a newline or another control character, which a .gitignore line cannot express",
  backslashName: "contains a backslash, which a ballast reference cannot hold (Windows would read it as a folder separator)",
};

/** A .ballast reference that cannot be used: finishes "<file>.ballast …" (ref/format.ts). */
export const referenceReasons = {
  tooBig: (limit: number) => `is over ${limit} bytes`,
  notJson: "is not valid JSON",
  conflict: "holds git's merge conflict markers: both branches changed this model",
  notObject: "is not a JSON object",
  noVersion: `has no valid "ballast" format version`,
  newer: (version: number) => `uses format version ${version}, newer than this ballast understands`,
  path: (problem: string) => `"path" ${problem}`,
  sha256: `"sha256" is not 64 lowercase hex digits`,
  size: `"size" is not a non-negative whole number`,
  unreadable: "could not be read",
  // What is wrong with its "path".
  pathEmpty: "is missing or empty",
  pathControl: "contains control characters",
  pathBackslash: "contains a backslash",
  pathAbsolute: "is absolute",
  pathLeaves: "leaves its folder (empty, . or .. segments)",
  pathGit: "enters .git",
  pathReference: (suffix: string) => `names another ${suffix} file`,
};

/** Choosing and reading references (ref/select.ts, ref/resolve.ts). */
export const referenceWords = {
  notStowed: (input: string) => `${input} is not a stowed file (no ${input}.ballast reference here)`,
  unsafeFix: (ref: string) => `inspect ${shellQuote(ref)}; restore it from git: git checkout -- ${shellQuote(ref)}`,
  /** The same where no git can run (a build context): words. */
  unsafeFixNoGit: (ref: string, dotGit: boolean) => `inspect ${ref}; ${pointerWords.restoreWithoutGit(ref, dotGit)}`,
  // Where a reference would write, refused: finishes pullWords.unsafe.
  outside: "is outside the repository",
  insideGit: "is inside .git",
  throughSymlink: (dir: string) => `goes through the symlink ${dir}`,
  throughFile: (dir: string) => `goes through ${dir}, which is not a folder`,
  notRegular: "is not a regular file here",
  sameTarget: (first: string, second: string, same: string, oneFile: boolean) =>
    `${first} and ${second} both restore ${same}${oneFile ? " (one file on a case-insensitive or Unicode-normalising filesystem)" : ""}, with different content; nothing was written`,
  sameTargetFix: (ref: string) => `keep one of them: git rm -- ${shellQuote(ref)}`,
  unreadable: (file: string, why: string) => `${file} could not be read as a reference: ${why}`,
  unreadableFix: "pass the path of a stowed file or its .ballast reference",
  notFile: "not a regular file",
  overLimit: (limit: number) => `over ${limit} bytes`,
  newer: (file: string, reason: string) => `${file} ${reason}`,
  upgradeFix: `upgrade ballast: ${fixes.upgrade}`,
  unusable: (file: string, reason: string) => `${file} is not a usable ballast reference: ${reason}`,
  restoreFix: (file: string) => `restore it from git: git checkout -- ${shellQuote(file)}`,
  /** HEAD's version, also of a path git still lists as unmerged (where git checkout -- and git restore refuse). */
  conflictFix: (reference: string) =>
    `git checkout HEAD -- ${shellQuote(reference)} (this branch's model; the other branch's instead: git checkout MERGE_HEAD -- ${shellQuote(reference)} && ${BIN} pull --force ${pathArgs([reference.replace(/\.ballast$/, "")])})`,
  restoreFixNoGit: (file: string, dotGit: boolean) => pointerWords.restoreWithoutGit(file, dotGit),
};
