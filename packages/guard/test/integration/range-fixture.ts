import { gitdir, pseudoRandom } from "@ballast/test-utils";

/** main: a clean file; feature: a big binary added then deleted; side (another branch): a forbidden file. */
export function history() {
  const repo = gitdir({ "README.md": "x\n", ".ballastrc.json": JSON.stringify({ forbidden: [".env"] }) });
  const base = repo.git(["rev-parse", "HEAD"]).stdout.trim();
  repo.git(["checkout", "-q", "-b", "feature"]);
  const added = repo.commit("add", { "data/blob.bin": pseudoRandom(2_000_000) });
  repo.git(["rm", "-q", "data/blob.bin"]);
  repo.commit("delete");
  repo.git(["checkout", "-q", "-b", "side", base]);
  const secret = repo.commit("secret", { ".env": "TOKEN=x\n" });
  repo.git(["checkout", "-q", "feature"]);
  return { repo, base, added, secret };
}
