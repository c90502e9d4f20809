// `ballast stow` and `ballast pull` of one big file against `sha256sum FILE` + `cp FILE`
// (the least any verified copy must do), with the peak RSS of each. Every round starts
// from a fresh repository and an empty file store; pull starts with the local cache
// emptied, as in a fresh clone or a Docker build.
import { createCipheriv } from "node:crypto";
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeFileSync, writeSync, ftruncateSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { gitSync } from "../lib/generate.mjs";
import { cleanEnv, median, peakRss, run } from "../lib/measure.mjs";

export async function benchStorage({ cacheDir, bin, sizes, sparse, rounds, log }) {
  const rows = [];
  let rssMethod;
  for (const size of sizes) {
    const isSparse = size === sparse;
    const data = isSparse ? ensureSparse(cacheDir, size) : ensureData(cacheDir, size);
    const samples = { floor: [], durable: [], stow: [], pull: [], floorRss: [], stowRss: [], pullRss: [] };
    for (let r = 0; r < (isSparse ? 1 : rounds); r++) {
      if (!isSparse) {
        const copy = path.join(cacheDir, "work", "floor-copy.bin");
        mkdirSync(path.dirname(copy), { recursive: true });
        const sha = await peakRss("sha256sum", [data]);
        const cp = await peakRss("cp", [data, copy]);
        // What stow and pull also do before they use a copy: flush it to disk.
        const flushed = await run("sync", [copy]).catch(() => undefined);
        rmSync(copy, { force: true });
        samples.floor.push(sha.ms + cp.ms);
        if (flushed) samples.durable.push(sha.ms + cp.ms + flushed.ms);
        samples.floorRss.push(Math.max(sha.mb ?? 0, cp.mb ?? 0));
      }
      const work = freshRepo(cacheDir);
      const env = cleanEnv({ BALLAST_STORE: pathToFileURL(work.store).href });
      copyFileSync(data, path.join(work.repo, "models", "model.bin"));
      const stow = await peakRss(process.execPath, [bin, "stow", "models/model.bin"], { cwd: work.repo, env });
      rssMethod = stow.method;
      // Empty the local cache: pull must fetch from storage, as in a fresh clone.
      await run(process.execPath, [bin, "push"], { cwd: work.repo, env }).catch(() => {});
      rmSync(path.join(work.repo, ".git", "ballast"), { recursive: true, force: true });
      rmSync(path.join(work.repo, "models", "model.bin"), { force: true });
      const pull = await peakRss(process.execPath, [bin, "pull", "models/model.bin"], { cwd: work.repo, env });
      const restored = path.join(work.repo, "models", "model.bin");
      if (!existsSync(restored) || statSync(restored).size !== size) throw new Error(`pull did not restore ${bytesLabel(size)} in ${work.repo}`);
      samples.stow.push(stow.ms);
      samples.pull.push(pull.ms);
      samples.stowRss.push(stow.mb);
      samples.pullRss.push(pull.mb);
      rmSync(work.dir, { recursive: true, force: true });
    }
    const row = { size, sparse: isSparse || undefined };
    for (const [k, v] of Object.entries(samples)) row[k] = v.length && v.every((n) => n !== undefined) ? (k.endsWith("Rss") ? Math.max(...v) : median(v)) : undefined;
    row.samples = samples;
    rows.push(row);
    log(`storage ${bytesLabel(size)}${isSparse ? " sparse" : ""}: stow ${row.stow?.toFixed(0)} ms (${row.stowRss?.toFixed(0)} MB), pull ${row.pull?.toFixed(0)} ms (${row.pullRss?.toFixed(0)} MB), sha256sum+cp ${row.floor?.toFixed(0) ?? "–"} ms`);
  }
  return { available: true, rounds, rssMethod, rows };
}

function bytesLabel(size) {
  return size >= 2 ** 30 ? `${size / 2 ** 30} GB` : `${size >> 20} MB`;
}

function freshRepo(cacheDir) {
  const dir = path.join(cacheDir, "work", `storage-${process.pid}-${Date.now()}`);
  const repo = path.join(dir, "repo");
  const store = path.join(dir, "store");
  mkdirSync(path.join(repo, "models"), { recursive: true });
  mkdirSync(store, { recursive: true });
  gitSync(repo, ["init", "-q", "-b", "main"]);
  gitSync(repo, ["config", "core.hooksPath", "/dev/null"]);
  writeFileSync(path.join(repo, "ballast.config.json"), `${JSON.stringify({ extends: ["recommended"], store: pathToFileURL(store).href }, null, 2)}\n`);
  gitSync(repo, ["add", "ballast.config.json"]);
  gitSync(repo, ["-c", "user.name=Bench", "-c", "user.email=bench@example.com", "commit", "-q", "-m", "config"]);
  return { dir, repo, store };
}

/** Incompressible deterministic bytes (an AES-CTR keystream), generated once and cached. */
export function ensureData(cacheDir, size) {
  const file = path.join(cacheDir, "files", `data-${size}.bin`);
  if (existsSync(file) && statSync(file).size === size) return file;
  mkdirSync(path.dirname(file), { recursive: true });
  const cipher = createCipheriv("aes-128-ctr", Buffer.alloc(16, 7), Buffer.alloc(16, 0));
  const zeros = Buffer.alloc(8 << 20);
  const fd = openSync(`${file}.tmp`, "w");
  for (let written = 0; written < size; written += zeros.length) {
    const chunk = cipher.update(zeros.subarray(0, Math.min(zeros.length, size - written)));
    writeSync(fd, chunk);
  }
  closeSync(fd);
  renameSync(`${file}.tmp`, file);
  return file;
}

/** A sparse file of `size` bytes (all zeros, no disk used): for the heavy RSS check only. */
export function ensureSparse(cacheDir, size) {
  const file = path.join(cacheDir, "files", `sparse-${size}.bin`);
  if (existsSync(file) && statSync(file).size === size) return file;
  mkdirSync(path.dirname(file), { recursive: true });
  const fd = openSync(file, "w");
  ftruncateSync(fd, size);
  closeSync(fd);
  return file;
}
