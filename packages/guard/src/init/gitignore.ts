import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { git } from "../git/exec.js";
import { splitNul } from "../git/parse.js";
import type { Repo } from "../git/repo.js";

/** The line init adds: a folder named node_modules at any depth. */
export const NODE_MODULES_LINE = "node_modules/";

/**
 * Make the repository's own .gitignore keep node_modules out, before init suggests
 * `git add -A` (an `npm init -y` bot has no .gitignore, and its first commit would carry
 * thousands of installed files). Only a committed .gitignore counts: a global excludes
 * file or .git/info/exclude is not shared with teammates or CI. Returns what was done.
 */
export async function ignoreNodeModules(repo: Repo, subdir: string): Promise<"created" | "updated" | "unchanged"> {
  const folder = `${subdir ? `${subdir}/` : ""}node_modules/`;
  if (await ignoredByGitignore(repo.root, folder)) return "unchanged";
  const file = path.join(repo.root, ".gitignore");
  const existed = existsSync(file);
  const content = existed ? readFileSync(file, "utf8") : "";
  const eol = content.includes("\r\n") ? "\r\n" : "\n";
  const base = content === "" || content.endsWith("\n") ? content : `${content}${eol}`;
  // Appended even when the line is already there: a later `!node_modules/` undid it.
  writeFileSync(file, `${base}${NODE_MODULES_LINE}${eol}`);
  return existed ? "updated" : "created";
}

/**
 * `git check-ignore -v -z --no-index --stdin` given "PATH\0" prints "source\0line\0pattern\0path\0" for
 * the pattern that decides, nothing (exit 1) when none ignores it (a `!` pattern un-ignores).
 * A source inside the repository named .gitignore is shared; `/home/me/.gitignore_global`
 * and `.git/info/exclude` are not.
 */
async function ignoredByGitignore(root: string, folder: string): Promise<boolean> {
  const { stdout, code } = await git(["check-ignore", "-v", "-z", "--no-index", "--stdin"], { cwd: root, input: `${folder}\0`, okCodes: [1] });
  if (code !== 0) return false;
  const [source = "", , pattern = ""] = splitNul(stdout);
  return !path.isAbsolute(source) && !source.startsWith(".git/") && path.posix.basename(source) === ".gitignore" && !pattern.startsWith("!");
}
