// The README's first command (`npm run demo`): the whole ballast story, as a new user
// meets it, on the embedded default (a local-folder store), from a fresh clone:
//   a Rasa bot made from examples/rasa-bot → npm install -D the packed packages →
//   npx ballast init → a 120 MB model committed (redirected) → a Dockerfile that is
//   LFS pointer text (blocked) → git push to a bare remote (model uploaded to the store)
//   → a teammate's clone gets the hooks from npm install → npx ballast pull → verify →
//   the Dockerfile's pull + verify in a build context without .git → a model committed
//   with --no-verify: the push is refused, and the printed `npx ballast migrate` repairs it.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ensure, root } from "./ensure.mjs";

ensure();
const started = Date.now();
const work = mkdtempSync(path.join(tmpdir(), "ballast-demo-"));
const gitconfig = path.join(work, "gitconfig");
writeFileSync(gitconfig, "[user]\n\tname = Demo\n\temail = demo@ballast.invalid\n[init]\n\tdefaultBranch = main\n[advice]\n\tdetachedHead = false\n");
const env = {
  ...process.env,
  GIT_CONFIG_GLOBAL: gitconfig, // the demo does not depend on (or touch) your git config
  GIT_CONFIG_NOSYSTEM: "1",
  npm_config_update_notifier: "false",
  npm_config_loglevel: "error",
  FORCE_COLOR: process.stdout.isTTY ? "1" : "0",
};
delete env.BALLAST_SKIP;
delete env.BALLAST_STORE;
delete env.HUSKY;

const bold = (s) => `\x1b[1m${s}\x1b[0m`;
const dim = (s) => `\x1b[2m${s}\x1b[0m`;
let failures = 0;
const step = (n, title) => console.log(`\n${bold(`━━ ${n}. ${title}`)}`);
const note = (text) => console.log(dim(`   ${text}`));

/** Run a command as the user would type it; show it, and its output (trimmed unless asked). */
function sh(cwd, cmd, args, { show = true, lines = 14, extraEnv = {} } = {}) {
  const where = path.relative(work, cwd) || ".";
  if (show) console.log(`${dim(`${where}$`)} ${[cmd, ...args].map((a) => (/[\s'"$]/.test(a) ? JSON.stringify(a) : a)).join(" ")}`);
  const r = spawnSync(cmd, args, { cwd, env: { ...env, ...extraEnv }, encoding: "utf8", maxBuffer: 1 << 26 });
  const out = `${r.stdout ?? ""}${r.stderr ?? ""}`.trimEnd();
  if (show && out) {
    const all = out.split("\n");
    console.log(all.slice(0, lines).map((l) => `  ${l}`).join("\n") + (all.length > lines ? dim(`\n  … ${all.length - lines} more lines`) : ""));
  }
  return r;
}
function expect(r, code, what) {
  const ok = r.status === code;
  console.log(ok ? `   \x1b[32m✔ ${what} (exit ${r.status})\x1b[0m` : `   \x1b[31m✖ expected exit ${code}: ${what}; got ${r.status}\x1b[0m`);
  if (!ok) failures++;
  return ok;
}
function check(ok, what) {
  console.log(ok ? `   \x1b[32m✔ ${what}\x1b[0m` : `   \x1b[31m✖ ${what}\x1b[0m`);
  if (!ok) failures++;
}
const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;
const npmFlags = ["--prefer-offline", "--no-audit", "--no-fund"];

try {
  step(0, "pack the packages, as they would be published");
  const packs = path.join(work, "packs");
  mkdirSync(packs);
  const pnpmOk = spawnSync("pnpm", ["--version"], { encoding: "utf8" }).stdout?.trim() === "12.4.2";
  for (const pkg of ["config", "guard"]) {
    const [cmd, pre] = pnpmOk ? ["pnpm", []] : ["npx", ["-y", "pnpm@12.4.2"]];
    const r = sh(path.join(root, "packages", pkg), cmd, [...pre, "pack", "--pack-destination", packs], { show: false });
    if (r.status !== 0) throw new Error(`pnpm pack failed in packages/${pkg}:\n${r.stdout}${r.stderr}`);
  }
  console.log(readdirSync(packs).map((f) => `  ${f}  ${dim(mb(statSync(path.join(packs, f)).size))}`).join("\n"));

  step(1, "a Rasa bot (examples/rasa-bot) in a git repository, with a bare remote");
  const bot = path.join(work, "bot");
  const remote = path.join(work, "remote.git");
  cpSync(path.join(root, "examples", "rasa-bot"), bot, { recursive: true, filter: (src) => !src.includes("node_modules") });
  sh(work, "git", ["init", "-q", "--bare", remote], { show: false });
  sh(bot, "git", ["init", "-q", "-b", "main"]);
  sh(bot, "git", ["remote", "add", "origin", remote]);
  note(readdirSync(bot).join("  "));

  step(2, "install ballast with plain npm");
  const install = sh(bot, "npm", ["install", "-D", "../packs/ballast-config-0.1.0.tgz", "../packs/ballast-guard-0.1.0.tgz", ...npmFlags]);
  expect(install, 0, "npm install -D the tarballs");

  step(3, "npx ballast init: config, husky hooks, prepare script");
  expect(sh(bot, "npx", ["ballast", "init"], { lines: 20 }), 0, "set up");
  note(`core.hooksPath = ${sh(bot, "git", ["config", "core.hooksPath"], { show: false }).stdout.trim()}`);
  sh(bot, "git", ["add", "-A"], { show: false });
  expect(sh(bot, "git", ["commit", "-q", "-m", "Rasa bot with ballast"]), 0, "an ordinary commit passes, silently");

  step(4, "commit a 120 MB model: redirected to the store, a reference committed");
  const model = "models/20260101-120000-bot.tar.gz";
  sh(bot, "node", ["scripts/fake-model.mjs", "120MB", model]);
  sh(bot, "git", ["add", "models"]);
  expect(sh(bot, "git", ["commit", "-m", "First trained model"]), 0, "committed");
  const tree = sh(bot, "git", ["ls-tree", "-r", "-l", "HEAD", "--", "models"], { lines: 5 });
  check(tree.stdout.includes(`${model}.ballast`) && !tree.stdout.includes(`${model}\n`), "git holds the reference only; the model is in .gitignore and the local cache");
  sh(bot, "cat", [`${model}.ballast`], { lines: 10 });

  step(5, "commit a Dockerfile that is Git LFS pointer text (the launch-day bug)");
  const dockerfile = readFileSync(path.join(bot, "Dockerfile"));
  writeFileSync(
    path.join(bot, "Dockerfile"),
    "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 1194\n",
  );
  sh(bot, "git", ["add", "Dockerfile"], { show: false });
  expect(sh(bot, "git", ["commit", "-m", "Dockerfile"], { lines: 12 }), 1, "blocked: lfs-pointer-untracked, with the fix");
  writeFileSync(path.join(bot, "Dockerfile"), dockerfile);
  sh(bot, "git", ["add", "Dockerfile"], { show: false });

  step(6, "git push: the pre-push hook uploads the model to the local-folder store");
  expect(sh(bot, "git", ["push", "origin", "main"], { lines: 8 }), 0, "pushed");
  const ref = JSON.parse(readFileSync(path.join(bot, `${model}.ballast`), "utf8"));
  const stored = path.join(work, "rasa-bot-ballast-store", "sha256", ref.sha256.slice(0, 2), ref.sha256.slice(2, 4), ref.sha256);
  let size = 0;
  try {
    size = statSync(stored).size;
  } catch {}
  check(size === 120_000_000, `the store has it: ${path.relative(work, stored).slice(0, 48)}… (${mb(size)})`);

  step(7, "a teammate clones: npm install is the only step, and the hooks are active");
  const clone = path.join(work, "teammate");
  sh(work, "git", ["clone", "-q", remote, "teammate"]);
  const before = sh(clone, "git", ["config", "core.hooksPath"]);
  check(before.status === 1, "before npm install: no hooks path (git runs no hooks yet)");
  expect(sh(clone, "npm", ["install", ...npmFlags]), 0, "npm install (runs husky through \"prepare\")");
  const after = sh(clone, "git", ["config", "core.hooksPath"]);
  check(after.stdout.trim() === ".husky/_", "after npm install: core.hooksPath = .husky/_");
  writeFileSync(path.join(clone, "embeddings.bin"), Buffer.concat([Buffer.alloc(1), Buffer.alloc(3_000_000, 0xab)]));
  sh(clone, "git", ["add", "embeddings.bin"], { show: false });
  expect(sh(clone, "git", ["commit", "-m", "embeddings"], { lines: 8 }), 1, "the teammate's commit of a 3 MB binary is blocked too");
  sh(clone, "git", ["rm", "-q", "--cached", "embeddings.bin"], { show: false });
  rmSync(path.join(clone, "embeddings.bin"));

  step(8, "restore the model: npx ballast pull, then npx ballast verify");
  expect(sh(clone, "npx", ["ballast", "pull"]), 0, "pulled and verified against its sha256");
  check(statSync(path.join(clone, model)).size === 120_000_000, `${model} is here (120 MB)`);
  expect(sh(clone, "npx", ["ballast", "verify"]), 0, "verify: nothing missing, no pointer text");

  step(9, "the Dockerfile's first stage, without docker: a build context with no .git");
  const context = path.join(work, "context");
  mkdirSync(context);
  spawnSync("sh", ["-c", `git archive HEAD | tar -x -C "${context}"`], { cwd: bot, env });
  cpSync(path.join(bot, "node_modules"), path.join(context, "node_modules"), { recursive: true, verbatimSymlinks: true });
  const store = { BALLAST_STORE: `file://${path.join(work, "rasa-bot-ballast-store")}` };
  expect(sh(context, "npx", ["ballast", "verify"], { extraEnv: store, lines: 6 }), 1, "before pull: verify stops the build (the model is missing)");
  expect(sh(context, "npx", ["ballast", "pull"], { extraEnv: store }), 0, "ballast pull");
  expect(sh(context, "npx", ["ballast", "verify"], { extraEnv: store }), 0, "ballast verify: the image can be built");

  step(10, "npx ballast doctor in the teammate's clone");
  expect(sh(clone, "npx", ["ballast", "doctor"], { lines: 12 }), 0, "everything wired");

  step(11, "a model committed with --no-verify: the push is refused, the printed fix repairs the history");
  const late = "models/20260102-late.tar.gz";
  sh(clone, "node", ["scripts/fake-model.mjs", "30MB", late], { show: false });
  sh(clone, "git", ["add", "models"], { show: false });
  expect(sh(clone, "git", ["commit", "-q", "--no-verify", "-m", "Late model, hooks skipped"]), 0, "committed past the hook");
  writeFileSync(path.join(clone, "NOTES.md"), "retrained on new data\n");
  sh(clone, "git", ["add", "NOTES.md"], { show: false });
  sh(clone, "git", ["commit", "-q", "-m", "Notes"], { show: false });
  const refused = sh(clone, "git", ["push", "origin", "main"], { lines: 8 });
  expect(refused, 1, "refused: the model is in an earlier commit");
  const fix = /fix: (npx ballast migrate[^\n]*)/.exec(`${refused.stdout}${refused.stderr}`)?.[1]?.trim();
  check(fix === "npx ballast migrate", `the printed fix is ${fix ? `"${fix}"` : "missing"}`);
  if (fix) expect(sh(clone, "sh", ["-c", fix], { lines: 8 }), 0, "run as printed: the commits now hold a reference");
  expect(sh(clone, "git", ["push", "origin", "main"], { lines: 6 }), 0, "the same push passes and uploads the model");
  // Every object the remote holds, reachable or not: none may be the model.
  const batch = sh(remote, "git", ["cat-file", "--batch-all-objects", "--batch-check=%(objecttype) %(objectsize)"], { show: false });
  const blobSizes = batch.stdout.split("\n").filter((l) => l.startsWith("blob ")).map((l) => Number(l.slice(5)));
  const largest = Math.max(0, ...blobSizes);
  check(blobSizes.length > 0 && largest < 1_000_000, `the remote holds ${blobSizes.length} blobs, the largest ${largest.toLocaleString("en")} bytes`);
  sh(clone, "git", ["log", "--format=%h %an  %s", "-3"], { lines: 3 });
} catch (error) {
  failures++;
  console.error(`\n\x1b[31m${error.message}\x1b[0m`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

const seconds = ((Date.now() - started) / 1000).toFixed(0);
console.log(failures ? `\n\x1b[31m${failures} step(s) did not behave as expected (${seconds} s)\x1b[0m` : `\n\x1b[32mEvery step behaved as expected (${seconds} s).\x1b[0m`);
process.exit(failures ? 1 : 0);
