// Repositories for the big-blob rows: a copy of a small generated repository plus one
// commit on `main` that adds models/model.bin of a given size. HEAD stays on `base` (the
// commit before) with main's tree in the index, so one repository serves every command:
//   pre-commit   the blob is staged
//   pre-push     base..main, with refs/remotes/origin/main at base (as after a fetch)
//   scan --all   and audit: the blob is in the history
// The run without the blob is the same shape with a 4 kB random file in its place.
// Cached in bench/.cache/ by size: adding a 1 GB file to git costs ~30 s, a 4 GB sparse
// one ~40 s (git hashes and deflates every byte, zeros included).
import { cpSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { ensureData, ensureSparse } from "../scenarios/storage.mjs";
import { ensureCached } from "./cached.mjs";
import { gitSync } from "./generate.mjs";

export const BIGBLOB_VERSION = 1;
export const MODEL_PATH = "models/model.bin";
/** The size of the blob in the run without the big one. */
export const FLOOR_SIZE = 4096;

/** The folder of the repository whose `main` adds a `size`-byte blob (sparse: zeros) on top of `base`. */
export function ensureBigBlobRepo(cacheDir, { base, size, sparse = false, log = () => {} }) {
  const key = `bigblob-v${BIGBLOB_VERSION}-${path.basename(base)}-${size}${sparse ? "-sparse" : ""}`;
  return ensureCached(cacheDir, key, {
    build: (tmp) => {
      cpSync(base, tmp, { recursive: true });
      rmSync(path.join(tmp, ".bench-complete"), { force: true });
      const data = sparse ? ensureSparse(cacheDir, size) : ensureData(cacheDir, size);
      const object = gitSync(tmp, ["hash-object", "-w", "--no-filters", data]);
      gitSync(tmp, ["branch", "-f", "base", "main"]);
      gitSync(tmp, ["read-tree", "main"]);
      gitSync(tmp, ["update-index", "--add", "--cacheinfo", `100644,${object},${MODEL_PATH}`]);
      const tree = gitSync(tmp, ["write-tree"]);
      const commit = gitSync(tmp, ["commit-tree", tree, "-p", "main", "-m", "add the model"]);
      gitSync(tmp, ["update-ref", "refs/heads/main", commit]);
      // HEAD on base, the index at main: the model is staged.
      gitSync(tmp, ["symbolic-ref", "HEAD", "refs/heads/base"]);
      gitSync(tmp, ["update-ref", "refs/remotes/origin/main", "base"]);
    },
    // The remote's path is recorded in the repository's config: set after the rename.
    finish: (dir) => {
      const remote = remoteOf(dir);
      mkdirSync(remote, { recursive: true });
      gitSync(remote, ["init", "-q", "--bare"]);
      // The base may already have an origin (the pre-push rows add one to their repository).
      const hasOrigin = gitSync(dir, ["remote"]).split("\n").includes("origin");
      gitSync(dir, ["remote", hasOrigin ? "set-url" : "add", "origin", remote]);
    },
    marker: { size, sparse },
    log,
  });
}

/** What the pre-push hook reads on stdin for this repository's push of main. */
export function pushLine(dir) {
  return `refs/heads/main ${gitSync(dir, ["rev-parse", "main"])} refs/heads/main ${gitSync(dir, ["rev-parse", "base"])}\n`;
}

export function remoteOf(dir) {
  return path.join(dir, ".git", "bench-remote.git");
}
