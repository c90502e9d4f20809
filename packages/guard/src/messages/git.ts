import { shellQuote } from "../util/shell.js";
import { BIN } from "./findings.js";

// git itself: when it cannot be found, refuses the repository, or cannot read an object.

export const gitWords = {
  notFound: "git was not found on PATH",
  /** On PATH, yet the spawn found nothing there (it was removed meanwhile). */
  cannotStart: "git could not be started",
  installFix: "install git (https://git-scm.com/downloads), then run the command again",
  /** `command` is git's subcommand (cat-file, log …); without it, git itself. */
  notStarted: (why: string, command?: string) => `git${command ? ` ${command}` : ""} could not be started: ${why}`,
  failed: (command: string | undefined, first: string) => `git ${command} failed: ${first}`,
  failedFix: "the words after \"failed:\" are git's own: do what they say (or ask whoever looks after this repository), then run the command again",
  unknownRevision: (revision: string) => `this repository has no commit ${revision}`,
  unknownRevisionFix: "name commits this repository has (git log --oneline shows them)",
  notARepository: "this folder is not inside a git repository",
  notAWorkTree: "this folder is not inside a git working tree",
  notARepositoryFix: "cd into your repository (or pass --cwd DIR), or run: git init",
  gitDirNotARepository: (dir: string) => `GIT_DIR is set to ${dir}, which is not a git repository`,
  gitDirNotARepositoryFix: "unset GIT_DIR",
  dubiousOwnership: "git refuses this repository because another user owns it",
  dubiousOwnershipFix: `git config --global --add safe.directory "$(pwd)"`,
  noFolder: (cwd: string) => `the folder ${cwd} does not exist`,
  noFolderFix: "pass an existing folder with --cwd DIR",
  /** An object git named but cannot read (`path`: where it was found). */
  unreadable: (object: string | undefined, path?: string) => `git cannot read the object ${object}${path ? ` for ${path}` : ""}: the repository may be damaged`,
  unreadableBlob: (header: string) => `git cat-file cannot read a blob it was asked for (${header.slice(0, 100)}): the repository may be damaged`,
  fsck: "git fsck --full",
  fsckStage: (path: string) => `git fsck --full, then stage the file again: git add -- ${shellQuote(path)}`,
  fewerAnswers: "git cat-file answered for fewer blobs than were asked",
  stoppedEarly: "git cat-file stopped before sending every blob it was asked for",
  /** A read ballast itself ended early (a rule had what it needed). */
  stopped: "stopped",
  refsNotMoved: (why: string) => `the refs could not be moved, so none was: ${why}`,
  refsNotMovedFix: "another git command may have changed a branch meanwhile: run the command again",
};

/** Bare repositories: history can be judged there, files cannot. */
export const repoWords = {
  bare: (dir: string) => `${dir} is a bare repository (no working tree): this command works on files, which a bare repository does not have`,
  insideGitDir: "this command works on files, and this folder is inside .git (there are none here)",
  needsWorkTree: `run it in a clone with a working tree; in a bare repository, history can be judged: ${BIN} scan --range A..B, ${BIN} audit, ${BIN} receive`,
};

