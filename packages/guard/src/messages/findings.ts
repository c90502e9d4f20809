import { formatSize, type RuleId } from "@ballast/config";
import { pathArgs, shellQuote } from "../util/shell.js";
import { lfsInclude } from "../lfs/include.js";

// A finding's words: what each rule says about a file, and the command that fixes it.

/** How a user runs ballast from inside their repository. */
export const BIN = "npx ballast";

/** How ballast gets into a repository: README's "In your own repository" (not on the npm registry yet). */
export const INSTALL = "npm install -D ./vendor/ballast/*.tgz";

export const fixes = {
  /**
   * An object the range being pushed or scanned names, but git cannot read (missing or
   * corrupt). A plain `git fetch` restores nothing: it tells the remote this clone has every
   * commit its refs name, so the remote sends none of their trees and blobs again.
   * `--refetch` (git 2.36+) downloads every object again, as a fresh clone would.
   */
  damagedHistory: "git fetch --refetch",
  /** The same, in a repository with no remote to send the objects again. */
  damagedNoRemote: "this repository has no remote to download the objects from again: git fsck --full names what is lost; restore it from a backup or another clone",
  stow: (path: string) => `${BIN} stow ${pathArgs([path])}`,
  unstage: (path: string) => `git rm --cached -- ${shellQuote(path)}`,
  lfsPullFile: (path: string) => `git lfs pull --include=${shellQuote(lfsInclude(path))} && git add -- ${shellQuote(path)}`,
  // --skip-repo: with a pre-push hook already there (ballast's), a plain install exits 2 and && stops.
  lfsRenormalize: (path: string) => `git lfs install --local --skip-repo && git add --renormalize -- ${shellQuote(path)}`,
  /** A pointer git-lfs reads but did not write: check the real file out, let git-lfs write the pointer again. */
  lfsCanonical: (path: string) => `git lfs pull --include=${shellQuote(lfsInclude(path))} && git add --renormalize -- ${shellQuote(path)}`,
  allowOrStow: (path: string) => `${BIN} stow ${pathArgs([path])}`,
  // Object storage (stow, pull, push, status).
  // Not from the npm registry yet: the tarballs, as README's "In your own repository" packs them.
  upgrade: `pack a newer ballast into vendor/ballast, then: ${INSTALL}`,
  configureStore: `add "store": "file://../model-store" (a folder) or "store": "s3://BUCKET/PREFIX" to ballast.config.json, or set BALLAST_STORE=s3://BUCKET/PREFIX`,
  storeCredentials: "remove them from the URL; the AWS SDK finds credentials itself (AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, an instance role)",
  push: `${BIN} push`,
  pushFromOrigin: `run ${BIN} push on the machine that stowed it (its cache has the bytes), then pull again`,
  storeTimeout: "check the endpoint and your network, or raise store.timeout (milliseconds) in the ballast config",
  storeUnreachable: "check the store's endpoint and that the server is up, then run the command again",
  awsCredentials: "set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, then run the command again",
  awsAccess: "check that these credentials may read and write the bucket: aws sts get-caller-identity",
  pullForce: (path: string) => `${BIN} pull --force ${pathArgs([path])}`,
  pull: (path?: string) => (path ? `${BIN} pull ${pathArgs([path])}` : `${BIN} pull`),
};

export const messages = {
  sizeBlock: (size: number, limit: number) =>
    `is ${formatSize(size)}, over the ${formatSize(limit)} limit: large files make every clone slow and hosts reject them`,
  sizeWarn: (size: number, limit: number) => `is ${formatSize(size)}, over the ${formatSize(limit)} warning size`,
  binary: (size: number, limit: number) =>
    `is a ${formatSize(size)} binary file (over ${formatSize(limit)}): git keeps every version of it whole, forever`,
  pointerUntracked: () =>
    "holds Git LFS pointer text instead of the real file, and LFS does not track this path here: whoever checks it out gets the pointer (a Dockerfile that is pointer text breaks every image build)",
  notPointer: () =>
    "is marked filter=lfs in .gitattributes but its real bytes were staged (git-lfs was not set up when it was added, or the path was tracked with LFS after it was committed)",
  malformed: (reason: string) => `looks like a Git LFS pointer but ${reason}, so git-lfs does not take it for one (a checkout gets this text, not the file)`,
  pointerNotCanonical: (reason: string) =>
    `is a Git LFS pointer that git-lfs reads, but it ${reason}: git-lfs would not write it so, and \`git lfs fsck --pointers\` reports it`,
  /**
   * Added to a pre-commit finding about a file that did not change, which a staged
   * .gitattributes change made LFS (`tracked`) or no longer LFS: which change, and how to
   * take it back (`undo`: a command where the change was a deletion).
   */
  retracked: (tracked: boolean, attributes: Array<{ path: string; deleted: boolean }>): { because: string; undo?: string; undoWords: string } => {
    const names = attributes.map((a) => a.path).join(", ");
    const files = attributes.map((a) => shellQuote(a.path)).join(" ");
    const deleted = attributes.every((a) => a.deleted);
    if (tracked) return { because: `The staged ${names} starts tracking it with LFS`, undoWords: `change ${names} back, then git add -- ${files}` };
    if (deleted) {
      const undo = `git restore --staged --worktree -- ${files}`;
      return { because: `${names} ${attributes.length === 1 ? "is" : "are"} deleted in the index, so LFS stops tracking it`, undo, undoWords: undo };
    }
    return { because: `The staged ${names} stops tracking it with LFS`, undoWords: `change ${names} back, then git add -- ${files}` };
  },
  forbidden: (glob: string) => `matches the forbidden pattern "${glob}": it must never be committed`,
  redirectBlock: (size: number) => `is a model file (${formatSize(size)}): it belongs in object storage, with a small reference committed instead`,
};

export const hints = {
  skip: "To skip the check once: BALLAST_SKIP=1 git commit ...",
  forbiddenFix: (path: string) => `${fixes.unstage(path)} && echo ${shellQuote(path)} >> .gitignore`,
};

/**
 * Why text is not a pointer git-lfs decodes ("looks like a Git LFS pointer but …"), and
 * how a pointer it decodes differs from what it writes ("… but it …"). From lfs/pointer.ts.
 */
export const pointerReasons = {
  noHeader: "never names git-lfs",
  byteOrderMark: "starts with a byte-order mark",
  notKeyValue: (line: string) => `has a line that is not "key value": ${quoteLine(line)}`,
  extraLine: (line: string) => `has a line after its size line: ${quoteLine(line)}`,
  unexpectedKey: (expected: string, key: string) => `has the key ${quoteLine(key)} where git-lfs expects "${expected}"`,
  missing: (key: string) => `has no ${key} line`,
  badVersion: (version: string) => `names the version ${quoteLine(version)}, which git-lfs does not know`,
  badOid: (value: string) => `has an oid that is not sha256: and 64 lowercase hex digits: ${quoteLine(value)}`,
  badSize: (value: string) => `has the size ${quoteLine(value)}, not a whole number from 0 to 2^63-1`,
  badExtension: (key: string, value: string) => `has an extension ${key} whose value is not sha256: and 64 lowercase hex digits: ${quoteLine(value)}`,
  duplicatePriority: (priority: number) => `has two extensions with priority ${priority}`,
  tooBig: (size: number) => `is ${size} bytes (git-lfs writes pointers under 1024 bytes; its push and fsck skip larger blobs)`,
  emptyWrittenOut: "spells out an empty file (git-lfs stores an empty file as an empty blob)",
  crlf: "has CRLF line ends",
  noFinalNewline: "does not end with a newline",
  surroundingSpace: "has whitespace or blank lines around it",
  blankLine: "has blank lines",
  oldVersion: (version: string) => `names the old version ${version}`,
  versionNotFirst: "does not open with its version line",
  sizeSpelling: (size: string) => `writes its size as ${quoteLine(size)}`,
  notAsWritten: "orders or repeats its keys differently",
};

/** A line of a would-be pointer, shown safely: quoted, control bytes escaped, cut at 48 characters. */
function quoteLine(line: string): string {
  const cut = line.length > 48 ? `${line.slice(0, 48)}…` : line;
  // eslint-disable-next-line no-control-regex
  return JSON.stringify(cut).replace(/[\u007f-\u009f]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** What each rule guards, as code scanning shows it (SARIF rule help). One entry per rule id. */
export const ruleWords: Record<RuleId, { name: string; short: string; full: string }> = {
  size: { name: "LargeFile", short: "A file is larger than its size limit", full: "Large files make every clone slow and hosts reject them past their limits. Stow it in object storage, or raise the limit for its path." },
  binary: { name: "LargeBinary", short: "A binary file is larger than the binary limit", full: "Git keeps every version of a binary whole, forever. Stow it, track it with Git LFS, or allow its path." },
  "lfs-pointer-untracked": { name: "LfsPointerUntracked", short: "Git LFS pointer text at a path LFS does not track", full: "Whoever checks this path out gets the pointer text instead of the file (a Dockerfile that is pointer text breaks every image build)." },
  "lfs-not-pointer": { name: "LfsNotPointer", short: "An LFS-tracked path holds the real file instead of a pointer", full: "The path is filter=lfs in .gitattributes but its real bytes were committed: git-lfs was not installed or set up." },
  "lfs-malformed": { name: "LfsMalformedPointer", short: "Almost a Git LFS pointer, but git-lfs would not decode it (or did not write it)", full: "git-lfs passes text it cannot decode through as text (an extra line, an unknown key, a wrong version, uppercase hex, a bad size): the checkout gets the broken pointer. A pointer git-lfs decodes but would not write so (CRLF, no final newline, size +5) is a warning: it works, but git lfs fsck --pointers flags it." },
  "lfs-missing-object": { name: "LfsMissingObject", short: "A Git LFS pointer whose object is not available", full: "The LFS object behind this pointer is not here: the pushed pointer cannot be downloaded, or the checkout was never smudged (run git lfs pull)." },
  redirect: { name: "ModelFileInGit", short: "A model file committed to git instead of object storage", full: "Model files belong in object storage, with a small .ballast reference committed in their place (ballast stow)." },
  "unresolved-reference": { name: "UnresolvedReference", short: "A ballast reference whose file cannot be found or does not match", full: "The stowed file is not in the cache, storage or the checkout, or differs from its reference's size and sha256 (run ballast pull)." },
  forbidden: { name: "ForbiddenFile", short: "A file matches a forbidden pattern", full: "Secrets and environment files must never be committed." },
};
