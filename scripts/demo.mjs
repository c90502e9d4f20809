// The README's first command (`npm run demo`): the ballast story on the embedded default,
// in a scratch repository. Later steps of the story are added as the features land.
import { spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ensure, root } from "./ensure.mjs";

ensure();
const bin = path.join(root, "packages", "guard", "dist", "bin.js");
const work = mkdtempSync(path.join(tmpdir(), "ballast-demo-"));
const repo = path.join(work, "bot");
mkdirSync(repo);
const env = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_AUTHOR_NAME: "Demo",
  GIT_AUTHOR_EMAIL: "demo@ballast.invalid",
  GIT_COMMITTER_NAME: "Demo",
  GIT_COMMITTER_EMAIL: "demo@ballast.invalid",
  FORCE_COLOR: process.stdout.isTTY ? "1" : "0",
};

const step = (title) => console.log(`\n\x1b[1m━━ ${title}\x1b[0m`);
function sh(cmd, args, { show = true, input } = {}) {
  if (show) console.log(`$ ${[cmd, ...args].map((a) => (/[\s'"]/.test(a) ? JSON.stringify(a) : a)).join(" ")}`);
  const r = spawnSync(cmd, args, { cwd: repo, env, encoding: "utf8", input });
  if (show) process.stdout.write(r.stdout + r.stderr);
  return r;
}
const expectCode = (r, code, what) => {
  const ok = r.status === code;
  console.log(ok ? `  \x1b[32m✔ ${what} (exit ${r.status})\x1b[0m` : `  \x1b[31m✖ expected exit ${code} for: ${what}, got ${r.status}\x1b[0m`);
  if (!ok) failures++;
};
let failures = 0;

step("a bot repository with ballast's pre-commit hook (rasa preset)");
sh("git", ["init", "-q", "-b", "main"]);
writeFileSync(path.join(repo, ".ballastrc.json"), JSON.stringify({ extends: ["rasa"], redirect: { mode: "block" } }, null, 2));
writeFileSync(path.join(repo, "domain.yml"), "version: '3.1'\nintents: [greet]\n");
mkdirSync(path.join(repo, ".git", "hooks"), { recursive: true });
writeFileSync(path.join(repo, ".git", "hooks", "pre-commit"), `#!/bin/sh\nexec "${process.execPath}" "${bin}" pre-commit\n`, { mode: 0o755 });
sh("git", ["add", "-A"], { show: false });
expectCode(sh("git", ["commit", "-q", "-m", "bot skeleton"]), 0, "an ordinary commit passes, silently");

step("1. a 6 MB binary is stopped");
writeFileSync(path.join(repo, "embeddings.bin"), randomBytes(6_000_000));
sh("git", ["add", "embeddings.bin"], { show: false });
expectCode(sh("git", ["commit", "-q", "-m", "add embeddings"]), 1, "blocked: binary");
sh("git", ["rm", "-q", "--cached", "embeddings.bin"], { show: false });

step("2. a Dockerfile that is Git LFS pointer text is stopped (the launch-day bug)");
const oid = createHash("sha256").update("FROM rasa/rasa\n").digest("hex");
writeFileSync(path.join(repo, "Dockerfile"), `version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\nsize 15\n`);
sh("git", ["add", "Dockerfile"], { show: false });
expectCode(sh("git", ["commit", "-q", "-m", "dockerfile"]), 1, "blocked: lfs-pointer-untracked");
sh("git", ["rm", "-q", "--cached", "Dockerfile"], { show: false });

step("3. a Rasa model is stopped with the command that redirects it to storage");
mkdirSync(path.join(repo, "models"));
writeFileSync(path.join(repo, "models", "20201010-nlu.tar.gz"), randomBytes(2_000_000));
sh("git", ["add", "models"], { show: false });
expectCode(sh("git", ["commit", "-q", "-m", "model"]), 1, "blocked: redirect");
sh("git", ["rm", "-q", "-r", "--cached", "models"], { show: false });

step("4. the same checks for tools: --json");
sh("git", ["add", "embeddings.bin"], { show: false });
const json = sh(process.execPath, [bin, "check", "--json"], { show: false });
console.log(`$ ballast check --json\n${json.stdout.split("\n").slice(0, 14).join("\n")}\n  …`);
expectCode(json, 1, "JSON report with exit 1");

rmSync(work, { recursive: true, force: true });
console.log(failures ? `\n\x1b[31m${failures} step(s) did not behave as expected\x1b[0m` : "\n\x1b[32mEvery step behaved as expected.\x1b[0m");
process.exit(failures ? 1 : 0);
