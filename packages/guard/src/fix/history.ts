import { git } from "../git/exec.js";
import { historyFixes, historyWords } from "../messages.js";
import type { Finding } from "../report/types.js";
import { stowProblem } from "../util/gitignore.js";
import { defaultRemote } from "../git/remotes.js";
import { lfsVersion } from "../git/setup.js";
import { uncommittedChanges } from "../git/worktree-state.js";

/**
 * The fix for a blob already in a commit (pre-push, scan), where changing the next commit
 * changes nothing. Commits that no remote has are rewritten as the next push sends them
 * (`ballast migrate`, `git lfs migrate`, whose default is the same: this branch, minus
 * what any remote-tracking ref has); a commit a remote already has (a scanned pull
 * request, a branch pushed elsewhere) only with `--everything`, named by path.
 */
export async function historyFixesFor(cwd: string, findings: Finding[], options: { named?: boolean; allPushed?: boolean } = {}): Promise<void> {
  const published = options.allPushed ? new Set(findings.flatMap((f) => (f.commit ? [f.commit] : []))) : await publishedCommits(cwd, findings);
  const remote = findings.some((f) => f.rule === "lfs-missing-object") ? await defaultRemote(cwd) : undefined;
  if (findings.some((f) => f.rule === "unresolved-reference")) await (await import("./reference.js")).referenceFixes(cwd, findings);
  const lfsPaths = new Set(findings.filter((f) => f.rule === "lfs-not-pointer").map((f) => f.path));
  const lfs = lfsPaths.size > 0 ? await lfsImportSetup(cwd, lfsPaths) : undefined;
  // The same file both too big and real bytes at an LFS path: one fix, git-lfs's (the
  // .gitattributes already say LFS); `ballast migrate` would refuse the tree git-lfs's
  // filter now shows as changed.
  const lfsFix = new Map<string, string>();
  for (const f of findings) {
    const onRemote = f.commit !== undefined && published.has(f.commit);
    switch (f.rule) {
      case "size":
      case "binary":
      case "redirect":
        // One plain migrate rewrites every blob these rules block. A warning lets the push
        // through, so by the time anyone runs its fix the commit is on the remote: that
        // one, like a blob already there, is rewritten everywhere, by name.
        if (stowProblem(f.path)) {
          // No reference can stand for it: migrate would leave it, and the push stays refused.
          delete f.fix;
          if (f.commit) f.message += historyWords.cannotStow(stowProblem(f.path)!, f.commit);
        } else if (f.severity === "error" && !onRemote) f.fix = options.named ? historyFixes.migratePath(f.path, false) : historyFixes.migrate;
        else f.fix = historyFixes.migratePath(f.path, true);
        break;
      case "lfs-pointer-untracked":
        // lfs-restore.ts chose the export when the LFS store has the bytes, else words.
        if (f.fix) f.fix = historyFixes.lfsExport(f.path, onRemote);
        break;
      case "lfs-not-pointer":
        f.fix = historyFixes.lfsImport(f.path, onRemote, { yes: lfs!.onlyThese });
        lfsFix.set(`${f.commit} ${f.path}`, f.fix);
        if (!lfs!.installed) f.message += historyWords.lfsMissing;
        break;
      case "lfs-missing-object":
        if (f.commit && remote) f.fix = historyFixes.lfsFetch(remote, f.commit, f.path);
        break;
      case "forbidden":
      case "lfs-malformed":
        // No tool here rewrites a file out of history safely (a forbidden file must not be
        // sent to storage either): the finding says how, in words.
        delete f.fix;
        if (f.commit) f.message += historyWords.rewriteCommit(f.commit, f.path, onRemote);
        break;
      default:
    }
  }
  for (const f of findings) {
    const shared = (f.rule === "size" || f.rule === "binary") && lfsFix.get(`${f.commit} ${f.path}`);
    if (shared) f.fix = shared;
  }
}

/**
 * What `git lfs migrate import` meets here: whether git-lfs is installed, and whether the
 * only uncommitted changes are the files being imported (git-lfs's filter shows real bytes
 * committed at an LFS path as changed). Only then may the fix say `--yes`, which lets
 * git-lfs overwrite working-copy changes without asking: never someone's real edits.
 */
async function lfsImportSetup(cwd: string, paths: Set<string>): Promise<{ installed: boolean; onlyThese: boolean }> {
  const [version, changed] = await Promise.all([lfsVersion(cwd), uncommittedChanges(cwd).catch(() => undefined)]);
  return { installed: version !== undefined, onlyThese: changed !== undefined && changed.every((p) => paths.has(p)) };
}

/** Which of the findings' commits a remote-tracking ref already has (one git per commit, only for findings). */
export async function publishedCommits(cwd: string, findings: Finding[]): Promise<Set<string>> {
  const commits = [...new Set(findings.flatMap((f) => (f.commit ? [f.commit] : [])))];
  const answers = await Promise.all(
    commits.map((c) => git(["for-each-ref", "--count=1", "--format=%(refname)", `--contains=${c}`, "refs/remotes"], { cwd }).then((r) => r.stdout.length > 0)),
  );
  return new Set(commits.filter((_, i) => answers[i]));
}

