import { CONFIG_FILES, loadConfig, type ConfigProblem, type LoadConfigResult } from "@ballast/config";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { BallastError } from "../errors.js";
import { firstCommittedFile, readSmallBlob, type BlobTextReader } from "../git/committed.js";
import type { Repo } from "../git/repo.js";
import { configWords } from "../messages.js";

/** Where a bare repository's policy lives: its default branch, as committed. */
export const COMMITTED_AT = "HEAD";

/** No config file is anywhere near this large; a bigger blob is not read. */
const MAX_CONFIG_BYTES = 1 << 20;

/**
 * The config committed at HEAD's top folder of a bare repository (which has no files to
 * search), found in the same order as in a checkout (CONFIG_FILES, then package.json's
 * "ballast" key), or the recommended preset when there is none. The blob is written to a
 * private temporary folder and loaded from there by the usual loader, so every format
 * means what it means in a checkout; problems name `HEAD:FILE`. A config that is code
 * (.ts/.mjs/.js) runs only with `code: true` (scan and audit, run by their user; receive
 * with --trust-code-config): on a shared server, a repository's code would otherwise run
 * with the hook's rights. It is loaded from outside any project, so it can import nothing
 * but what Node has. Relative store paths resolve from the repository.
 */
export async function committedConfig(repo: Repo, options: { code: boolean; reader?: BlobTextReader }): Promise<LoadConfigResult> {
  const file = await firstCommittedFile(repo.root, COMMITTED_AT, [...CONFIG_FILES, "package.json"]);
  if (file && !file.name.endsWith(".json") && !options.code) {
    throw new BallastError("CONFIG_INVALID", configWords.committedCode(`${COMMITTED_AT}:${file.name}`), { fix: configWords.committedCodeFix });
  }
  const folder = mkdtempSync(path.join(tmpdir(), "ballast-config-"));
  try {
    // The search stops at a folder holding .git: nothing above the temporary folder is read.
    mkdirSync(path.join(folder, ".git"));
    if (file) writeFileSync(path.join(folder, file.name), await readSmallBlob(repo.root, file, MAX_CONFIG_BYTES, options.reader), { mode: 0o600 });
    const result = await loadConfig({ cwd: folder });
    // The loader names files relative to the process's folder when it can.
    const rename = (name: string) => (path.resolve(name).startsWith(`${folder}${path.sep}`) ? `${COMMITTED_AT}:${path.relative(folder, path.resolve(name))}` : name);
    const renamed = (list: ConfigProblem[]) => list.map((p) => ({ ...p, file: rename(p.file) }));
    return {
      ...result,
      ...(result.file ? { file: rename(result.file) } : {}),
      problems: renamed(result.problems),
      warnings: renamed(result.warnings),
      ...(result.config ? { config: { ...result.config, sources: result.config.sources.map(rename), root: repo.root } } : {}),
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
