import { shellQuote } from "../util/shell.js";
import { BIN, fixes } from "./findings.js";

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
