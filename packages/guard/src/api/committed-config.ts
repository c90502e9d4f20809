import { CONFIG_FILES, loadConfig, type ConfigProblem, type LoadConfigResult } from "@ballast/config";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { BallastError } from "../errors.js";
import { firstCommittedFile, readSmallBlob, type BlobTextReader, type CommittedFile } from "../git/committed.js";
import type { Repo } from "../git/repo.js";
import { configWords } from "../messages.js";

/** Where a bare repository's policy lives: its default branch, as committed. */
export const COMMITTED_AT = "HEAD";

/** No config file is anywhere near this large; a bigger blob is not read. */
const MAX_CONFIG_BYTES = 1 << 20;

/** The file a revision's config is read from (the first of CONFIG_FILES, then package.json), or undefined. */
export function committedConfigFile(repo: Repo, at: string): Promise<CommittedFile | undefined> {
  return firstCommittedFile(repo.root, at, [...CONFIG_FILES, "package.json"]);
}

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
export async function committedConfig(
  repo: Repo,
  options: { code: boolean; reader?: BlobTextReader; /** Another revision than HEAD, and its file when already looked up (null: none). */ at?: string; file?: CommittedFile | null; /** How problems name the revision (default: `at`). */ label?: string },
): Promise<LoadConfigResult> {
  const at = options.at ?? COMMITTED_AT;
  const label = options.label ?? at;
  const file = options.file === undefined ? await committedConfigFile(repo, at) : (options.file ?? undefined);
  if (file && !file.name.endsWith(".json") && !options.code) {
    throw new BallastError("CONFIG_INVALID", configWords.committedCode(`${label}:${file.name}`), { fix: configWords.committedCodeFix });
  }
  const folder = mkdtempSync(path.join(tmpdir(), "ballast-config-"));
  try {
    // The search stops at a folder holding .git: nothing above the temporary folder is read.
    mkdirSync(path.join(folder, ".git"));
    if (file) writeFileSync(path.join(folder, file.name), await readSmallBlob(repo.root, file, MAX_CONFIG_BYTES, options.reader), { mode: 0o600 });
    const result = await loadConfig({ cwd: folder });
    // The loader names files relative to the process's folder when it can.
    const rename = (name: string) => (path.resolve(name).startsWith(`${folder}${path.sep}`) ? `${label}:${path.relative(folder, path.resolve(name))}` : name);
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
