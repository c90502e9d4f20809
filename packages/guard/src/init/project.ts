import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import picomatch from "picomatch";
import { presets, type PresetName } from "@ballast/config";
import { git } from "../git/exec.js";
import type { Repo } from "../git/repo.js";
import { globMatcher } from "../util/glob-match.js";

/** The package managers whose lockfiles init recognises. */
export type PackageManager = "npm" | "pnpm" | "yarn";

/** What `ballast init` needs to know about the repository it sets up. */
export interface Project {
  repo: Repo;
  /** The folder holding package.json (the git root, or a monorepo subfolder). */
  packageDir: string;
  /** packageDir relative to the git root, `/`-separated: "" at the root, "apps/bot" below. */
  subdir: string;
  packageManager: PackageManager;
  /** The `.gitattributes` files that mark paths `filter=lfs`. */
  lfsAttributes: string[];
}

/**
 * Find the package.json nearest to `cwd` (up to the git root) and what surrounds it:
 * the package manager from its lockfile, and whether the repository uses Git LFS.
 */
export async function inspectProject(repo: Repo, cwd: string): Promise<Project | undefined> {
  const packageDir = findPackageDir(repo.root, cwd);
  if (!packageDir) return undefined;
  const subdir = path.relative(repo.root, packageDir).split(path.sep).join("/");
  return {
    repo,
    packageDir,
    subdir,
    packageManager: detectPackageManager(packageDir, repo.root),
    lfsAttributes: await lfsAttributeFiles(repo),
  };
}

function findPackageDir(root: string, cwd: string): string | undefined {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "package.json"))) return dir;
    if (dir === root || path.dirname(dir) === dir || !dir.startsWith(root)) return undefined;
  }
}

/** The lockfile decides; then package.json's "packageManager" field; npm otherwise. */
export function detectPackageManager(packageDir: string, root: string): PackageManager {
  for (const dir of packageDir === root ? [packageDir] : [packageDir, root]) {
    if (existsSync(path.join(dir, "pnpm-lock.yaml"))) return "pnpm";
    if (existsSync(path.join(dir, "yarn.lock"))) return "yarn";
    if (existsSync(path.join(dir, "package-lock.json"))) return "npm";
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { packageManager?: string };
      const name = pkg.packageManager?.split("@")[0];
      if (name === "pnpm" || name === "yarn" || name === "npm") return name;
    } catch {
      // no package.json here, or not ours to judge
    }
  }
  return "npm";
}

/** The command that installs dependencies (and runs "prepare", which runs husky). */
export function installCommand(pm: PackageManager): string {
  return pm === "yarn" ? "yarn install" : `${pm} install`;
}

/** The command that adds a dev dependency, pinned to the exact version. */
export function addDevCommand(pm: PackageManager, spec: string): string[] {
  if (pm === "npm") return ["npm", "install", "-D", "-E", spec, "--no-audit", "--no-fund"];
  return [pm, "add", "-D", "-E", spec];
}

/**
 * `.gitattributes` files (the top one, tracked or not, and every tracked one) that mark
 * a path `filter=lfs`: such a repository needs git-lfs's hooks.
 */
export async function lfsAttributeFiles(repo: Repo): Promise<string[]> {
  const { stdout } = await git(["ls-files", "-z", "--", ":(glob)**/.gitattributes"], { cwd: repo.root });
  const files = new Set(stdout.toString("utf8").split("\0").filter(Boolean));
  if (existsSync(path.join(repo.root, ".gitattributes"))) files.add(".gitattributes");
  return [...files].sort().filter((file) => {
    try {
      return /(^|\s)filter=lfs(\s|$)/m.test(readFileSync(path.join(repo.root, file), "utf8"));
    } catch {
      return false;
    }
  });
}

/**
 * The preset that fits the tree: a Rasa project (domain.yml and config.yml) gets `rasa`,
 * a tree with model files (the `ml` preset's formats) gets `ml`, anything else `recommended`.
 */
export async function detectPreset(project: Project): Promise<PresetName> {
  const rasa = (dir: string) => existsSync(path.join(dir, "domain.yml")) && existsSync(path.join(dir, "config.yml"));
  if (rasa(project.packageDir) || rasa(project.repo.root)) return "rasa";
  const { stdout } = await git(["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: project.repo.root });
  const isModel = globMatcher(picomatch, presets.ml.redirect.files, { dot: true, posix: true });
  return stdout.toString("utf8").split("\0").some((file) => file && isModel(file)) ? "ml" : "recommended";
}
