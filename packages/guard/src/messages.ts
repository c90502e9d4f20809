import { formatSize, type RuleId } from "@ballast/config";
import { pathArgs, shellQuote } from "./util/shell.js";

/**
 * Every sentence a user reads lives here, so the voice stays the same and every
 * blocking message ends with the exact command that fixes it.
 */

/** How a user runs ballast from inside their repository. */
export const BIN = "npx ballast";

export const fixes = {
  /** A blob the range being pushed or scanned names, but git cannot read. */
  damagedHistory: "git fsck --full to see what is damaged, then fetch the missing objects again: git fetch",
  stow: (path: string) => `${BIN} stow ${pathArgs([path])}`,
  unstage: (path: string) => `git rm --cached -- ${shellQuote(path)}`,
  lfsPullFile: (path: string) => `git lfs pull --include=${shellQuote(path)} && git add -- ${shellQuote(path)}`,
  // --skip-repo: with a pre-push hook already there (ballast's), a plain install exits 2 and && stops.
  lfsRenormalize: (path: string) => `git lfs install --local --skip-repo && git add --renormalize -- ${shellQuote(path)}`,
  /** A pointer git-lfs reads but did not write: check the real file out, let git-lfs write the pointer again. */
  lfsCanonical: (path: string) => `git lfs pull --include=${shellQuote(path)} && git add --renormalize -- ${shellQuote(path)}`,
  allowOrStow: (path: string) => `${BIN} stow ${pathArgs([path])}`,
  // Object storage (stow, pull, push, status).
  upgrade: "npm install -D @ballast/guard@latest",
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
    "is marked filter=lfs in .gitattributes but its real bytes were staged (git-lfs was not installed or not set up when it was added)",
  malformed: (reason: string) => `looks like a Git LFS pointer but ${reason}, so git-lfs does not take it for one (a checkout gets this text, not the file)`,
  pointerNotCanonical: (reason: string) =>
    `is a Git LFS pointer that git-lfs reads, but it ${reason}: git-lfs would not write it so, and \`git lfs fsck --pointers\` reports it`,
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

// pre-push, scan, verify and audit: what the remote or a deploy would receive.

export const rangeFixes = {
  // git-lfs 3 refuses --all with --include; without a ref it fetches for HEAD (fix/history.ts names the commit).
  lfsFetchObject: (path: string) => `git lfs fetch --include=${shellQuote(path)}`,
  restow: (file: string) => `put ${shellQuote(file)} back, then run: ${BIN} stow ${pathArgs([file])}`,
  lfsPull: (path: string) => `git lfs pull --include=${shellQuote(path)}`,
  ballastPull: (file: string) => `${BIN} pull ${pathArgs([file])}`,
  fixReference: (path: string) => `git restore -- ${shellQuote(path)} (or stow the file again: ${BIN} stow FILE)`,
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
  badStdinLine: (problems: string[]) => `git sent pre-push lines ballast cannot read (${problems.slice(0, 3).join("; ")})`,
  badRange: (range: string) => `"${range}" is not a range of revisions this repository has`,
  rangeAndAll: "--range and --all cannot be used together",
  uploaded: (count: number, store: string) => `uploaded ${count} stowed object${count === 1 ? "" : "s"} to ${store}`,
  pathNotFound: (path: string) => `${path} does not exist`,
  nothingToVerify: (root: string) => `nothing to verify: ${root} holds no files (.git and node_modules are not looked at)`,
  stdinIsTerminal: "ballast pre-push reads the pushed refs from git on stdin, and stdin is a terminal",
  noRemote: "ballast pre-push needs the remote's name, as git passes it to the hook",
  // Not --no-verify: that skips git lfs pre-push too, and the remote loses LFS objects.
  skipPush: "To skip the check once: BALLAST_SKIP=1 git push ... (git-lfs still uploads)",
};

// Object storage: stow, pull, push, status (and auto-redirect in pre-commit).

export const stowWords = {
  usage: `${BIN} stow PATH...`,
  noPaths: "stow needs the files to redirect to object storage",
  outside: (input: string, root: string) => `${input} is outside the repository at ${root}`,
  missing: (path: string) => `${path} does not exist`,
  notRegular: (path: string) => `${path} is not a regular file (a folder or a symlink cannot be stowed)`,
  notThis: (path: string) => `${path} cannot be stowed: ballast writes to it`,
  insideGit: (path: string) => `${path} is inside .git`,
  throughSymlink: (path: string) => `${path} lies behind a symlinked folder`,
  cannotIgnore: (path: string, why: string) => `${JSON.stringify(path)} ${why}, so it cannot be stowed; nothing was changed`,
  rename: (path: string) => `rename it first: git mv -- ${shellQuote(path)} NEW-NAME`,
  changed: (path: string) => `${path} changed while it was being hashed; nothing was changed`,
  retry: (path: string) => `wait until whatever writes it has finished, then run: ${fixes.stow(path)}`,
  temporaryIndex:
    "git is committing through a temporary index (git commit PATH, --only), whose changes cannot be carried back: stow the model file by hand, then commit without paths",
};

export const pullWords = {
  differs: "differs from its reference; ballast does not overwrite a local change",
  unsafe: (ref: string, why: string) => `${ref} points to a file that ${why}; nothing was written`,
  restored: "restored",
};

/** Words written into hook scripts: they speak when ballast itself cannot run. */
export const hookWords = {
  notInstalled: (bin: string, install: string, hook: string) =>
    `${bin} is not installed yet: run ${install} (to skip this check once: BALLAST_SKIP=1 git ${hook === "pre-push" ? "push" : "commit"})`,
  lfsMissing: () =>
    "This repository uses Git LFS, but git-lfs is not installed: install it (https://git-lfs.com), then run: git lfs install --local --skip-repo",
};

/** `ballast init`. */
export const initWords = {
  noPackageJson: () => "there is no package.json here or above (up to the repository root): ballast is installed with npm",
  noPackageJsonFix: "npm init -y && npm install -D @ballast/guard && npx ballast init",
  badPreset: (name: string, names: readonly string[]) => `"${name}" is not a preset; the presets are ${names.join(", ")}`,
  foreignHooksPath: (hooksPath: string) =>
    `core.hooksPath is set to ${hooksPath} by another hook manager; init would take it over and those hooks would stop running`,
  foreignHooksPathFix: (hooksPath: string) =>
    `add "ballast pre-commit" to ${hooksPath}/pre-commit and 'ballast pre-push "$@"' to ${hooksPath}/pre-push, or: git config --unset core.hooksPath && npx ballast init`,
  configWritten: (preset: string, detected: boolean) => `config written, extending the ${preset} preset${detected ? " (detected from the files here)" : ""}`,
  configKept: (preset?: string) => `config already present, kept as it is${preset ? ` (--preset ${preset} not applied)` : ""}`,
  hook: (hook: string, plan: { lfs: boolean; lintStaged: boolean }) => {
    if (hook === "pre-commit") return plan.lintStaged ? "runs lint-staged, which runs ballast check" : "runs ballast pre-commit";
    if (hook === "pre-push") return plan.lfs ? 'runs ballast pre-push "$@", then git lfs pre-push "$@"' : 'runs ballast pre-push "$@"';
    return `runs git lfs ${hook} (husky owns core.hooksPath, so git-lfs cannot install it)`;
  },
  gitignore: "node_modules/ is ignored, so git add -A leaves installed packages out",
  lintStagedTask: 'lint-staged runs "ballast check" on the staged files',
  lintStagedManual: (task: string) => `this lint-staged config is code or YAML, which ballast does not rewrite: add ${task} to it`,
  prepare: (unchanged: boolean) => (unchanged ? '"prepare" already runs husky' : '"prepare": "husky" added: npm install sets the hooks up in every clone'),
  dependency: (name: string) => `${name} is a dev dependency`,
  dependencyTodo: (name: string) => `${name} must be a dev dependency so every clone gets the hooks`,
  dependencyFailed: (name: string, output: string) =>
    `${name} could not be added (${output.split("\n").filter(Boolean).pop() ?? "the package manager failed"})`,
  hooksActive: (dir: string) => `hooks active now (core.hooksPath = ${dir})`,
  huskyFailed: (output: string) => `husky could not set the hooks up${output ? `: ${output}` : ""}`,
  lfsMissing: "this repository uses Git LFS but git-lfs is not installed: LFS files will not be uploaded or checked out",
  lfsInstallFix: "install git-lfs (https://git-lfs.com), then run: npx ballast init",
  lfsFilters: "git-lfs filters set for this clone",
  foreignHook: (name: string) =>
    `will no longer run: husky now owns core.hooksPath. Move its commands into .husky/${name} (and delete it from .git/hooks)`,
  alreadySetUp: "ballast is already set up in this repository: nothing changed",
  next: (install: string) =>
    `Commit the changes (git add -A && git commit -m "Set up ballast"); teammates get the hooks with: ${install}`,
};

/** `ballast doctor`: one sentence per line of the diagnosis. */
export const doctorWords = {
  gitOld: (version: string) => `${version} is too old: ballast needs git 2.31 or newer`,
  gitUpgrade: "upgrade git (https://git-scm.com/downloads)",
  hookMissing: (hook: string, line: string) => `${hook} does not run ${line}`,
  hooksMissing: (where: string) => `ballast's hooks are not installed in ${where}, so commits and pushes are not guarded`,
  binaryMissing: (where: string) =>
    `the hooks in ${where} call ballast, but it is not in node_modules/.bin: every commit will stop until it is installed`,
  hooksOk: (where: string, viaLintStaged: boolean) =>
    `pre-commit and pre-push run ballast${viaLintStaged ? " (pre-commit through lint-staged)" : ""} from ${where}`,
  hooksOutdated: (where: string, lfs: boolean) =>
    `the hooks in ${where} were written by an older ballast${lfs ? ": BALLAST_SKIP=1, or a clone without ballast installed, skips git lfs pre-push and the remote loses LFS objects" : " that ends a hook early when BALLAST_SKIP=1 is set"}`,
  hookEndsEarly: (hook: string) => `${hook}: ballast's block can exit before the lines after it run`,
  lfsUnused: (version: string) => `${version} (this repository does not use LFS)`,
  lfsAbsentUnused: "git-lfs is not installed (this repository does not use LFS, so that is fine)",
  lfsAbsent: (files: string[]) =>
    `${files.join(", ")} mark${files.length === 1 ? "s" : ""} files filter=lfs, but git-lfs is not installed: a checkout gets pointer text instead of files`,
  lfsInstall: "install git-lfs (https://git-lfs.com, or apt-get install git-lfs / brew install git-lfs), then run: npx ballast init",
  lfsHookMissing: (hook: string, where: string) => `${where}/${hook} does not run git lfs ${hook}`,
  lfsFiltersMissing: "git-lfs's filters are not set for this clone (filter.lfs.process)",
  lfsNotWired: (husky: boolean) =>
    `this repository uses Git LFS, but git-lfs is not wired into the hooks${husky ? " (husky owns core.hooksPath, so git lfs install could not add them)" : ""}: LFS files are not uploaded on push`,
  lfsWired: "git lfs pre-push, post-checkout, post-commit and post-merge run from the hooks",
  configInvalid: (file: string | undefined, count: number) => `${file ?? "the config"} has ${count} problem${count === 1 ? "" : "s"}`,
  configFix: "fix the keys listed above, then run: npx ballast doctor",
  configNone: "no config file: the recommended preset applies and no store is set",
  configWarnings: (file: string) => `${file} is valid, with warnings`,
  configOk: (file: string, presets: string[]) => `${file} is valid${presets.length ? ` (presets: ${presets.join(", ")})` : ""}`,
  storeSkipped: "not checked: the config must be valid first",
  storeNone: "no store configured (nothing is redirected, so none is needed)",
  storeNeeded: "model files are redirected, but no store is configured: pushes of stowed files will stop",
  storeFix: 'add store: "file://../model-store" (or "s3://bucket/prefix") to the config, or set BALLAST_STORE',
  storeOk: (url: string, from: string) => `${url} answers${from === "BALLAST_STORE" ? " (from BALLAST_STORE)" : ""}`,
  storeFolderLater: (url: string, from: string) =>
    `${url}${from === "BALLAST_STORE" ? " (from BALLAST_STORE)" : ""} does not exist yet; the first push creates it`,
  storeFolderGone: (url: string, count: number) =>
    `${url} does not exist, but ${count} object${count === 1 ? "" : "s"} referenced here must be there for a clone, CI or a Docker build to pull ${count === 1 ? "it" : "them"}`,
  storePushFix: "npx ballast push",
  storeRestoreFix: "mount or restore the store folder, or point store (or BALLAST_STORE) at where the objects are",
  objectsNone: "no stowed files here",
  objectsOk: (count: number, onlyCached: number) =>
    `${count} referenced object${count === 1 ? "" : "s"}: ${onlyCached === 0 ? "all in the store" : `${onlyCached} only in the local cache (the next push uploads ${onlyCached === 1 ? "it" : "them"})`}`,
  objectsLost: (lost: number, count: number, url: string | undefined) =>
    `${lost} of ${count} referenced object${count === 1 ? " is" : "s are"} in neither ${url ? `the store (${url})` : "a store (none is configured)"} nor the local cache: nobody can pull ${lost === 1 ? "it" : "them"}`,
  objectLost: (file: string, sha256: string) => `${file} (sha256 ${sha256.slice(0, 12)}…)`,
  objectsLostFix: "run npx ballast push on the machine that stowed them (its cache has the bytes), or point store (or BALLAST_STORE) at where they are",
  leftovers: (count: number, size: string) => `an interrupted stow or pull left ${count} temporary file${count === 1 ? "" : "s"} (${size})`,
  leftoversFix: "npx ballast pull",
  storeTimeout: (ms: number) => `no answer within ${ms} ms`,
  storeFailed: (message: string) => `the store cannot be reached: ${message}`,
  storeReachFix: "check the store URL, the network and credentials (AWS_PROFILE or AWS_ACCESS_KEY_ID), then run: npx ballast doctor",
  cache: (count: number, size: string, where: string) => `${count} object${count === 1 ? "" : "s"}, ${size} in ${where}`,
};

/** The command line itself: mistyped commands and options, answered as git and npm do. */
export const cliWords = {
  unknownCommand: (name: string, guesses: string) => `unknown command "${name}"${guesses ? `: did you mean ${guesses}?` : ""}`,
  unknownOption: (option: string, command: string | undefined, guesses: string) =>
    `unknown option ${option}${command ? ` for ballast ${command}` : ""}${guesses ? `: did you mean ${guesses}?` : ""}`,
  missingValue: (synopsis: string, next?: string) => `${synopsis.split(" ")[0]} needs a value${next ? ` (it is followed by ${next})` : ""}: ${synopsis}`,
  noValue: (option: string, value: string) => `${option} takes no value, but was given "${value}"`,
  noArguments: (command: string, given: string[]) =>
    `${command} takes no arguments, but was given ${given.map((g) => JSON.stringify(g)).join(" ")}`,
  tooManyArguments: (usage: string, given: string[]) => `too many arguments (${given.map((g) => JSON.stringify(g)).join(" ")}): ${usage}`,
  help: (command?: string) => (command ? `${BIN} help ${command}` : `${BIN} help`),
  /** A file that cannot be parsed has no keys yet: its place is what to fix. */
  configFix: (problems: Array<{ key: string; line?: number }>) =>
    problems.every((p) => p.line !== undefined)
      ? `fix the file at the line and column named above, then run: ${BIN} doctor`
      : `fix the key${problems.length === 1 ? "" : "s"} named above, then run: ${BIN} doctor`,
  badFormat: (format: string) => `--format must be pretty, json, sarif or github, not "${format}"`,
};

/** Fixes that depend on where a finding was made (fix/context.ts). */
export const historyFixes = {
  /** Rewrites the unpushed commits: every blob size, binary or redirect blocks becomes a reference. */
  migrate: `${BIN} migrate`,
  /** Exactly this file, in the unpushed commits or (--everything) in every branch and tag. */
  migratePath: (path: string, everything: boolean) => `${BIN} migrate${everything ? " --everything" : ""} ${pathArgs([path])}`,
  /** The pointer's bytes, from the local LFS store, in place of the pointer text. */
  lfsCopy: (stored: string, path: string) => `cp -- ${shellQuote(stored)} ${shellQuote(path)} && git add -- ${shellQuote(path)}`,
  /** git-lfs's own rewrite, by default of this branch's commits no remote has: pointers at PATH become their bytes. */
  lfsExport: (path: string, everything: boolean) => `git lfs migrate export${everything ? " --everything" : ""} --include=${shellQuote(path)}`,
  /** The same, the other way: the real bytes at an LFS path become a pointer. */
  lfsImport: (path: string, everything: boolean) => `git lfs migrate import${everything ? " --everything" : ""} --include=${shellQuote(path)}`,
  /** The same bytes stowed again: cached, then uploaded by the push. */
  restow: (file: string) => `${BIN} stow ${pathArgs([file])}`,
  /** The object from the LFS server, for the commit that adds the pointer (git-lfs 3 refuses --all with --include). */
  lfsFetch: (remote: string, commit: string, path: string) => `git lfs fetch ${shellQuote(remote)} ${commit} --include=${shellQuote(path)}`,
};

export const historyWords = {
  bytesWanted: (file: string, sha256: string) =>
    `. Put the file whose sha256 is ${sha256} back at ${file} (from the machine that committed it), then run ${BIN} stow ${pathArgs([file])} and push again`,
  rewriteCommit: (commit: string, path: string, published: boolean) =>
    `. It came in with commit ${commit.slice(0, 12)}, and a new commit cannot take it out of the history: ` +
    `rewrite that commit and those after it without it (git rebase -i ${commit.slice(0, 12)}^, mark the commit "edit", fix ${path}, git commit --amend, git rebase --continue), ` +
    `then ${published ? "force-push" : "push again"}`,
};

/** The one line under a refused push: what to run before pushing again. */
export const pushWords = {
  /** `fixes`: the distinct fix commands of the blocking findings; `inWords`: some have none. */
  next: (fixes: string[], inWords: boolean) =>
    fixes.length === 1 && !inWords
      ? `next: ${fixes[0]}, then push again`
      : "next: fix each finding above as it says, then push again",
};

export const pointerWords = {
  bytesElsewhere: (oid: string, path: string, inHistory: boolean) =>
    `Its bytes (LFS object ${oid.slice(0, 12)}…) are not in this clone's LFS store, so no command here can restore them: ` +
    "get the real file from where the pointer came from (a clone that has it, or that repository's LFS server), " +
    (inHistory
      ? `store it here with git lfs clean < FILE > /dev/null, then rewrite the commits that hold the pointer: git lfs migrate export --include=${shellQuote(path)}`
      : `put it at ${path}, and stage it`),
  noGitReference: (path: string) => `. There is no .git here to restore it from: copy ${path} from the checkout this folder was made from, or make the folder again`,
  noGit: (path: string) =>
    `. There is no .git here, so nothing can download it in this folder: restore ${path} in the checkout this was copied from ` +
    "(git lfs pull there, with git-lfs installed) before building, or build from a checkout made with git-lfs",
};

/** `ballast migrate`: rewriting unpushed (or all) history so heavy files become references. */
export const migrateWords = {
  usage: `${BIN} migrate [PATH...] [--everything] [--from-lfs] [--dry-run]`,
  outside: (input: string, root: string) => `${input} is outside the repository at ${root}`,
  busy: (what: string) => `git is in the middle of ${what}; a history rewrite now would tangle with it, so nothing was changed`,
  busyFix: "finish it or abort it (git merge --abort, git rebase --abort, git cherry-pick --abort), then run the command again",
  detached: "HEAD is detached: ballast migrate rewrites a branch and moves it, and there is no branch here to move; nothing was changed",
  detachedFix: "git switch BRANCH (or git switch -c NEW-BRANCH), then run the command again",
  dirty: (paths: string[]) =>
    `${paths.length} tracked file${paths.length === 1 ? " has" : "s have"} uncommitted changes (${paths.slice(0, 3).join(", ")}${paths.length > 3 ? ", …" : ""}); a history rewrite would mix them in, so nothing was changed`,
  dirtyFix: "commit them or put them aside (git stash), then run the command again",
  pushed: (pattern: string, commit: string) =>
    `${pattern} is in commit ${commit.slice(0, 12)}, which is already on a remote: rewriting it changes published history, so nothing was changed`,
  pushedFix: (args: string[], fromLfs: boolean) => migrateWords.command({ paths: args, everything: true, fromLfs }),
  journalMixed: (file: string) => `an interrupted ballast migrate left ${file}, but some of its refs have since been moved by something else; nothing was changed`,
  journalFix: (file: string) => `check the branches (git log --oneline -3), then remove ${file} and run the command again`,
  lfsObjectMissing: (path: string, oid: string) =>
    `${path} is a Git LFS pointer to ${oid.slice(0, 12)}…, whose object is not in the local LFS store (.git/lfs/objects); nothing was changed`,
  // git-lfs 3 refuses --all with --include: every ref's objects, then the same migrate again.
  lfsFetch: (rerun: string) => `git lfs fetch --all && ${rerun}`,
  /** The migrate command as the user ran it, to print in a fix that ends by running it again. */
  command: (o: { paths?: string[]; everything?: boolean; fromLfs?: boolean }) =>
    [`${BIN} migrate`, o.everything ? "--everything" : "", o.fromLfs ? "--from-lfs" : "", o.paths?.length ? pathArgs(o.paths) : ""].filter(Boolean).join(" "),
  shortBlob: (path: string, got: number, expected: number) => `git sent ${got} bytes of ${path}, not the ${expected} it records`,
  // What a run reports.
  nothing: (everything: boolean) =>
    everything ? "nothing to migrate: no branch or tag holds a file to turn into a reference" : "nothing to migrate: the commits the next push would send hold no file to turn into a reference",
  allPushed: "nothing to migrate: every commit on this branch is already on a remote",
  rewrote: (commits: number, files: number, bytes: number, dryRun: boolean) =>
    `${dryRun ? "would rewrite" : "rewrote"} ${commits} commit${commits === 1 ? "" : "s"}: ${files} file${files === 1 ? "" : "s"} (${formatSize(bytes)}) ${dryRun ? "would become" : "became"} references`,
  dryRun: "dry run: nothing was changed",
  skippedPointer: (path: string) => `${path} is a Git LFS pointer, left as it is (add --from-lfs to move LFS files out of LFS)`,
  skippedName: (path: string) => `${JSON.stringify(path)} cannot be written as a .gitignore line and was left as it is: rename it (git mv) and run the command again`,
  backup: (where: string) => `the old tips are kept under ${where}`,
  undo: "to undo:",
  next: "next:",
  forcePush: "the rewritten branches and tags replace published ones: every clone must re-clone or reset to them",
  githubLimit:
    "GitHub refuses a single push over 2 GB: if this one is bigger, push in chunks, oldest commits first (git push --force-with-lease REMOTE <commit>:refs/heads/BRANCH for a commit part-way along, then the branch)",
  resumed: "finished a ballast migrate that was interrupted",
  pending: `a ballast migrate was interrupted after moving the refs: run ${BIN} migrate to finish it (the index and files follow)`,
};

/** `--format github`: workflow commands for the run's annotations, and the step summary. */
export const githubWords = {
  counts: ({ summary }: { summary: { errors: number; warnings: number; checked: number } }) => {
    const { errors, warnings, checked } = summary;
    const counts = `${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"} in ${checked} file${checked === 1 ? "" : "s"} checked`;
    if (errors > 0) return `ballast blocked this: ${counts}`;
    return warnings > 0 ? `ballast: ${counts}` : `ballast: ${counts}, nothing to stop`;
  },
  columns: ["rule", "file", "what", "fix"],
  severity: (severity: "error" | "warning") => (severity === "error" ? "❌ error" : "⚠️ warning"),
  inCommit: (commit: string) => `(in commit ${commit.slice(0, 12)})`,
  fix: (command: string) => `fix: ${command}`,
  more: (count: number) => `… and ${count} more (each is an annotation above, or run the same scan with --format json)`,
  summaryFailed: (why: string) => `the step summary could not be written (${why}); the annotations above are complete`,
};

/** Bare repositories: history can be judged there, files cannot. */
export const repoWords = {
  bare: (dir: string) => `${dir} is a bare repository (no working tree): this command works on files, which a bare repository does not have`,
  insideGitDir: "this command works on files, and this folder is inside .git (there are none here)",
  needsWorkTree: `run it in a clone with a working tree; in a bare repository, history can be judged: ${BIN} scan --range A..B, ${BIN} audit, ${BIN} receive`,
};

/** Config read from a repository's history rather than from files (a bare repository, receive). */
export const configWords = {
  committedCode: (file: string) =>
    `${file} is code, and ballast receive does not run a repository's code on the server unless told to (it would run with the hook's rights)`,
  committedCodeFix:
    "pin the policy on the server (ballast receive --config /srv/ballast.json), commit it as ballast.config.json, or, where every pusher may run code on this server: ballast receive --trust-code-config",
};

/**
 * `ballast receive`: what a pusher reads, as git's `remote:` lines. Short lines; each
 * finding's fix is what the pusher runs on their own machine, since the file is already
 * in a commit (a rule's usual fix is for a file about to be committed).
 */
export const receiveWords = {
  fix: (rule: string, path: string): { command?: string; words?: string } => {
    if (rule === "size" || rule === "binary" || rule === "redirect") return { command: `${BIN} migrate` };
    if (rule === "lfs-not-pointer") return { command: `git lfs migrate import --include=${shellQuote(path)}` };
    if (rule === "unresolved-reference") return { command: `${BIN} push` };
    if (rule === "forbidden") return { words: "Rewrite the commit that added it so it is not there (git rebase -i), and rotate any secret it held" };
    return { words: "Rewrite the commit that added it so the path holds the real file (git rebase -i), or track the path with Git LFS in that commit" };
  },
  refused: (errors: number) => `ballast: push refused: ${errors} file${errors === 1 ? "" : "s"} must not enter this repository`,
  warned: (warnings: number) => `ballast: ${warnings} warning${warnings === 1 ? "" : "s"} about this push`,
  finding: (path: string, details: string[]) => `${path} (${details.join(", ")})`,
  inCommit: (commit: string) => `commit ${commit.slice(0, 12)}`,
  more: (count: number) => `… and ${count} more`,
  pushAgain: "then push again",
  configNote: (w: { file: string; key: string; message: string }) => `config: ${w.file}: ${w.key} ${w.message}`,
  skipped: (reason: string) => `ballast: this push was let through unjudged (git push -o ballast.skip): ${JSON.stringify(reason)}`,
  skipRefused: "ballast: -o ballast.skip was ignored: this server does not allow skipping (receive.allowSkip)",
  storeUnchecked: (count: number) =>
    `ballast: ${count} stowed file${count === 1 ? "" : "s"} not checked against storage: the server's config names no store (unresolved-reference skipped)`,
  badStdin: (problems: string[]) => `git sent pre-receive lines ballast cannot read (${problems.slice(0, 3).join("; ")})`,
  stdinFix: "run ballast receive from a pre-receive hook: git writes one <old> <new> <ref> line per ref on its stdin",
  stdinIsTerminal: "ballast receive reads the pushed refs from git on stdin, and stdin is a terminal",
};
