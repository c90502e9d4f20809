import { formatSize } from "@ballast/config";
import { pathArgs, shellQuote } from "./util/shell.js";

/**
 * Every sentence a user reads lives here, so the voice stays the same and every
 * blocking message ends with the exact command that fixes it.
 */

/** How a user runs ballast from inside their repository. */
export const BIN = "npx ballast";

export const fixes = {
  stow: (path: string) => `${BIN} stow ${pathArgs([path])}`,
  unstage: (path: string) => `git rm --cached -- ${shellQuote(path)}`,
  lfsPullFile: (path: string) => `git lfs pull --include=${shellQuote(path)} && git add -- ${shellQuote(path)}`,
  lfsRenormalize: (path: string) => `git lfs install --local && git add --renormalize -- ${shellQuote(path)}`,
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
  malformed: (reason: string) => `looks like a Git LFS pointer but ${reason}, so git-lfs cannot use it`,
  forbidden: (glob: string) => `matches the forbidden pattern "${glob}": it must never be committed`,
  redirectBlock: (size: number) => `is a model file (${formatSize(size)}): it belongs in object storage, with a small reference committed instead`,
};

export const hints = {
  skip: "To skip the check once: BALLAST_SKIP=1 git commit ... (or git commit --no-verify)",
  forbiddenFix: (path: string) => `${fixes.unstage(path)} && echo ${shellQuote(path)} >> .gitignore`,
};
