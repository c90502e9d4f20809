import { stat } from "node:fs/promises";
import path from "node:path";
import { objectHeads } from "../git/catfile.js";
import { git } from "../git/exec.js";
import { parsePointer, POINTER_MAX_SIZE } from "../lfs/pointer.js";
import { historyFixes, pointerWords } from "../messages.js";
import type { Finding } from "../report/types.js";

/**
 * `lfs-pointer-untracked`: pointer text at a path LFS does not track, so no git-lfs command
 * aimed at the path (`git lfs pull --include=PATH`) touches it. What does is the bytes the
 * pointer names: copied from the local LFS store when they are there (staged), or the
 * unpushed commits rewritten by `git lfs migrate export`, which reads the same store
 * (history). When the store lacks them no command here can make them up: the finding
 * says in words where they are to be found, and prints no fix.
 */
export async function restorePointerFixes(context: "staged" | "history", cwd: string, findings: Finding[]): Promise<void> {
  const wanted = findings.filter((f) => f.rule === "lfs-pointer-untracked" && f.object);
  const [heads, commonDir] = await Promise.all([
    objectHeads(
      cwd,
      wanted.map((f) => ({ object: f.object!, bytes: POINTER_MAX_SIZE })),
    ),
    git(["rev-parse", "--path-format=absolute", "--git-common-dir"], { cwd }).then((r) => r.stdout.toString("utf8").trim()),
  ]);
  for (const f of wanted) {
    const head = heads.get(f.object!);
    const parsed = head ? parsePointer(head, head.length) : undefined;
    if (parsed?.kind !== "pointer") continue;
    const { oid, size } = parsed.pointer;
    const stored = path.join(commonDir, "lfs", "objects", oid.slice(0, 2), oid.slice(2, 4), oid);
    if (await hasBytes(stored, size)) {
      f.fix = context === "history" ? historyFixes.lfsExport(f.path, false) : historyFixes.lfsCopy(storePath(cwd, stored), f.path);
    } else {
      delete f.fix;
      f.message = `${f.message}. ${pointerWords.bytesElsewhere(oid, f.path, context === "history")}`;
    }
  }
}

/** The store's path as the fix names it: relative to the repository's root when inside it. */
function storePath(root: string, file: string): string {
  const relative = path.relative(root, file);
  return relative.startsWith("..") || path.isAbsolute(relative) ? file : relative.split(path.sep).join("/");
}

async function hasBytes(file: string, size: bigint): Promise<boolean> {
  const info = await stat(file, { bigint: true }).catch(() => undefined);
  return Boolean(info?.isFile() && info.size === size);
}
