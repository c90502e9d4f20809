import { git } from "../git/exec.js";
import { fixes, pointerWords } from "../messages.js";
import type { Finding } from "../report/types.js";

/**
 * A malformed pointer staged at an LFS path is fixed by letting git-lfs write the pointer
 * again from the real file (`git add --renormalize`). When the working tree holds the same
 * broken text, that command would store the text itself as an LFS object and the finding
 * would pass while every checkout gets garbage: then the words say to put the real file
 * back first, and no command is printed. One `git hash-object` per such file (an error path).
 */
export async function malformedFixes(cwd: string, findings: Finding[]): Promise<void> {
  for (const f of findings) {
    if (f.rule !== "lfs-malformed" || !f.object || f.fix !== fixes.lfsRenormalize(f.path)) continue;
    const hashed = await git(["hash-object", "--no-filters", "--", f.path], { cwd, okCodes: [128] }).catch(() => undefined);
    const here = hashed?.code === 0 ? hashed.stdout.toString("utf8").trim() : undefined;
    if (here !== undefined && here !== f.object) continue;
    delete f.fix;
    f.message += pointerWords.realFileFirst(f.path, fixes.lfsRenormalize(f.path));
  }
}
