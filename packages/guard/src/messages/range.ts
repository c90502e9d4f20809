import { formatSize } from "@ballast/config";
import { pathArgs, shellQuote } from "../util/shell.js";
import { BIN } from "./findings.js";
import { lfsInclude } from "../lfs/include.js";
import { referenceReasons, referenceWords } from "./store.js";

// pre-push, scan, verify and audit: what the remote or a deploy would receive.

export const rangeFixes = {
  // git-lfs 3 refuses --all with --include; without a ref it fetches for HEAD (fix/history.ts names the commit).
  lfsFetchObject: (path: string) => `git lfs fetch --include=${shellQuote(lfsInclude(path))}`,
  restow: (file: string) => `put ${shellQuote(file)} back, then run: ${BIN} stow ${pathArgs([file])}`,
  lfsPull: (path: string) => `git lfs pull --include=${shellQuote(lfsInclude(path))}`,
  /** git-lfs missing: once installed, its filters must be set in this clone too, or git lfs pull skips the checkout. */
  lfsInstallThenPull: (path: string) => `install git-lfs (https://git-lfs.com), then run: git lfs install --local --skip-repo && git lfs pull --include=${shellQuote(lfsInclude(path))}`,
  ballastPull: (file: string) => `${BIN} pull ${pathArgs([file])}`,
  /** A symlink where a stowed file belongs: \`rm\` takes the link away (not what it points to), then pull writes the file. */
  replaceSymlink: (file: string) => `rm -- ${shellQuote(file)} && ${BIN} pull ${pathArgs([file])}`,
  fixReference: (path: string, reason?: string) =>
    reason === referenceReasons.conflict ? referenceWords.conflictFix(path) : `git restore -- ${shellQuote(path)} (or stow the file again: ${BIN} stow ${pathArgs([path.replace(/\.ballast$/, "")])})`,
  historyRewrite: (path: string) => `git filter-repo --invert-paths --path ${shellQuote(path)}`,
  lfsMigrate: (glob: string) => `git lfs migrate import --everything --include=${shellQuote(glob)}`,
  stow: (path: string) => `${BIN} stow ${pathArgs([path])}`,
  range: "pass a range such as origin/main..HEAD, or --all",
  prePushStdin: "run ballast pre-push from a git pre-push hook (git writes the pushed refs on its stdin)",
};

export const rangeMessages = {
  lfsMissingObject: (oid: string) =>
    `is a Git LFS pointer to ${oid.slice(0, 12)}…, whose object is not in the local LFS store (.git/lfs/objects): the remote would get a pointer nobody can download`,
  unresolvedReference: (file: string, sha: string, store: string) =>
    `references ${file} (sha256 ${sha.slice(0, 12)}…), whose bytes are neither in the local cache nor in storage (${store}): nobody could pull it`,
  invalidReference: (reason: string) => `is a ballast reference that ${reason}`,
  storeUnchecked: (file: string, why: string) => `references ${file}, which could not be checked in storage (${why})`,
  unsmudged: (size: number) =>
    `is Git LFS pointer text, not the real ${formatSize(size)} file: git-lfs did not download it here, so a build would ship the pointer`,
  malformedPointer: (reason: string) => `looks like a Git LFS pointer but ${reason}`,
  stowedMissing: (file: string) => `references ${file}, which is not in this checkout`,
  stowedSize: (file: string, actual: number, expected: number) =>
    `references ${file}, which is ${formatSize(actual)} here but ${formatSize(expected)} in the reference`,
  stowedHash: (file: string) => `references ${file}, whose content here does not match the reference's sha256`,
  stowedNotFile: (file: string) => `references ${file}, which is not a regular file here`,
  stowedSymlink: (file: string) => `references ${file}, which is a symlink here (ballast never writes through one)`,
  /** A folder (or another non-file) where a stowed file belongs: moving it is the user's call. */
  moveAside: (file: string) => `. Move it out of the way, then run: ${BIN} pull ${pathArgs([file])}`,
  /** Added where the fix is stow (a git checkout): the other way out, back to the stowed bytes. */
  changedHere: (file: string) =>
    `. If you changed it on purpose (a retrained model), the fix stows the new one; to go back to the stowed version instead: ${BIN} pull --force ${pathArgs([file])} (it keeps a copy of yours)`,
  badStdinLine: (problems: string[]) => `git sent pre-push lines ballast cannot read (${problems.slice(0, 3).join("; ")})`,
  /** A blob a ref brings outside any commit (range/detached.ts). */
  detached: (ref: string, type: "tree" | "blob") => `It is in no commit: ${ref} names this ${type} itself, and a push sends it all the same`,
  ownRefsSkipped: (count: number) =>
    `${count} ref${count === 1 ? "" : "s"} under refs/ballast/ (the old tips ballast migrate keeps, to undo it) not scanned: git push never sends them. Once the rewrite is pushed, delete them: git for-each-ref --format='delete %(refname)' refs/ballast/ | git update-ref --stdin`,
  badRange: (range: string) => `"${range}" is not a range of revisions this repository has`,
  rangeAndAll: "--range and --all cannot be used together",
  uploaded: (count: number, store: string) => `uploaded ${count} stowed object${count === 1 ? "" : "s"} to ${store}`,
  pathNotFound: (path: string) => `${path} does not exist`,
  outsideRepo: (input: string, root: string) => `${input} is outside the repository at ${root}`,
  outsideRepoFix: "pass paths inside the repository",
  outsideCheckout: (input: string, root: string) => `${input} is outside ${root}`,
  insideCheckoutFix: "pass files or folders inside the checkout",
  outsideCheckoutFix: "pass files or folders inside the checkout (or --cwd DIR)",
  badTop: (top: string | undefined) => `--top must be a whole number above 0, not "${top}"`,
  badTopFix: `${BIN} audit --top 20`,
  nothingToVerify: (root: string) => `nothing to verify: ${root} holds no files (.git and node_modules are not looked at)`,
  stdinIsTerminal: "ballast pre-push reads the pushed refs from git on stdin, and stdin is a terminal",
  noRemote: "ballast pre-push needs the remote's name, as git passes it to the hook",
  // Not --no-verify: that skips git lfs pre-push too, and the remote loses LFS objects.
  skipPush: "To skip the check once: BALLAST_SKIP=1 git push ... (git-lfs still uploads)",
};

/** The one line under a refused push: what to run before pushing again. */
export const pushWords = {
  /** `fixes`: the distinct fix commands of the blocking findings; `inWords`: some have none. */
  next: (fixes: string[], inWords: boolean) =>
    fixes.length === 1 && !inWords
      ? `next: ${fixes[0]}, then push again`
      : "next: fix each finding above as it says, then push again",
};
