import { shellQuote } from "../util/shell.js";
/** `ballast doctor`: one sentence per line of the diagnosis. */
export const doctorWords = {
  gitOld: (version: string) => `${version} is too old: ballast needs git 2.31 or newer`,
  gitUpgrade: "upgrade git (https://git-scm.com/downloads)",
  initFix: "npx ballast init",
  initThenLfsPush: (remote: string) => `npx ballast init && git lfs push --all ${shellQuote(remote)}`,
  lfsHooksFix: "git lfs install --local --skip-repo",
  hookMissing: (hook: string, line: string) => `${hook} does not run ${line}`,
  hooksMissing: (where: string) => `ballast's hooks are not installed in ${where}, so commits and pushes are not guarded`,
  binaryMissing: (where: string) =>
    `the hooks in ${where} call ballast, but it is not in node_modules/.bin: every commit will stop until it is installed`,
  lintStagedWithoutCheck: (file: string) => `pre-commit runs lint-staged, but ${file} gives it no ballast check: commits are not guarded`,
  lintStagedFix: (file: string) => `add "*": "ballast check" to lint-staged's config in ${file}`,
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
  objectsOk: (count: number) => `${count} referenced object${count === 1 ? "" : "s"}: all in the store`,
  objectsOnlyCached: (only: number, count: number, url: string | undefined) =>
    `${only} of ${count} referenced object${count === 1 ? " is" : "s are"} only in the local cache, not in ${url ? `the store (${url})` : "a store"}: ` +
    `no clone, CI or Docker build can pull ${only === 1 ? "it" : "them"}, and git push uploads nothing when it has no new commits to send`,
  objectsLost: (lost: number, count: number, url: string | undefined) =>
    `${lost} of ${count} referenced object${count === 1 ? " is" : "s are"} in neither ${url ? `the store (${url})` : "a store (none is configured)"} nor the local cache: nobody can pull ${lost === 1 ? "it" : "them"}`,
  objectLost: (file: string, sha256: string) => `${file} (sha256 ${sha256.slice(0, 12)}…)`,
  objectsLostFix: "run npx ballast push on the machine that stowed them (its cache has the bytes), or point store (or BALLAST_STORE) at where they are",
  leftovers: (count: number, size: string) => `an interrupted stow, pull or migrate left ${count} temporary file${count === 1 ? "" : "s"} (${size})`,
  leftoversFix: "npx ballast pull",
  storeTimeout: (ms: number) => `no answer within ${ms} ms`,
  storeFailed: (message: string) => `the store cannot be reached: ${message}`,
  storeReachFix: "check the store URL, the network and credentials (AWS_PROFILE or AWS_ACCESS_KEY_ID), then run: npx ballast doctor",
  cache: (count: number, size: string, where: string) => `${count} object${count === 1 ? "" : "s"}, ${size} in ${where}`,
};
