import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { git } from "../git/exec.js";
import { parseCheckAttr } from "../git/parse.js";

/**
 * Which paths are `filter=lfs` in the commits being pushed, with git's own attribute
 * matcher and a constant three git processes, whatever the number of tips:
 *
 * `git check-attr --source=<commit>` needs git 2.40, and a temporary index per tip
 * (`read-tree` + `check-attr --cached`) costs two processes per pushed ref. Instead:
 *   1. one `cat-file --batch-check` finds the .gitattributes blob of every folder on the
 *      candidates' paths at every tip (`<tip>:<dir>/.gitattributes`);
 *   2. tips with the same set of .gitattributes files form one "layout"; one
 *      `update-index --index-info` writes each layout's files into a temporary index
 *      under a prefix of its own (`0/`, `1/`, …);
 *   3. one `check-attr --cached -z --stdin filter` asks for `<prefix>/<path>`.
 * A path counts as LFS when it is `filter=lfs` in any pushed tip's layout. Attributes are
 * read at the pushed tips, not at each intermediate commit. Limits: an `[attr]` macro
 * defined in a .gitattributes other than the top one is ignored by git (it is not at the
 * top of the temporary index), and $GIT_DIR/info/attributes patterns anchored with a
 * slash do not match under the prefix.
 */
export async function lfsPathsAtTips(cwd: string, tips: string[], paths: string[]): Promise<Set<string>> {
  const lfs = new Set<string>();
  const usable = paths.filter((p) => !p.includes("\n"));
  if (tips.length === 0 || usable.length === 0) return lfs;
  const dirs = [...new Set(usable.flatMap(ancestors))].sort();

  // 1. "<tip>:<dir>/.gitattributes" → "<sha> blob" or "<name> missing", in input order.
  const names = tips.flatMap((tip) => dirs.map((dir) => `${tip}:${dir ? `${dir}/` : ""}.gitattributes`));
  const { stdout } = await git(["cat-file", "--batch-check=%(objectname) %(objecttype)", "--buffer"], { cwd, input: `${names.join("\n")}\n` });
  const answers = stdout.toString("utf8").split("\n");
  const layouts = new Map<string, Array<[string, string]>>();
  tips.forEach((_, t) => {
    const files: Array<[string, string]> = [];
    dirs.forEach((dir, d) => {
      const [object, type] = (answers[t * dirs.length + d] ?? "").split(" ");
      if (type === "blob" && object) files.push([dir, object]);
    });
    if (files.length) layouts.set(files.map(([dir, object]) => `${dir}:${object}`).join("\0"), files);
  });
  if (layouts.size === 0) return lfs;

  // 2. A temporary index that holds only the .gitattributes files, one prefix per layout.
  const tmp = mkdtempSync(path.join(tmpdir(), "ballast-attr-"));
  try {
    const env = { GIT_INDEX_FILE: path.join(tmp, "index") };
    const prefixes = [...layouts.values()].map((_, i) => `${i}/`);
    const entries = [...layouts.values()].flatMap((files, i) =>
      files.map(([dir, object]) => `100644 ${object} 0\t${prefixes[i]}${dir ? `${dir}/` : ""}.gitattributes\0`),
    );
    await git(["update-index", "-z", "--index-info"], { cwd, env, input: entries.join("") });
    // 3. Ask for every path under every layout.
    const asked = prefixes.flatMap((prefix) => usable.map((p) => `${prefix}${p}\0`));
    const attrs = await git(["check-attr", "--cached", "-z", "--stdin", "filter"], { cwd, env, input: asked.join("") });
    for (const [prefixed, values] of parseCheckAttr(attrs.stdout)) {
      if (values.filter === "lfs") lfs.add(prefixed.slice(prefixed.indexOf("/") + 1));
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return lfs;
}

/** "" (the top) and every folder above a path: "a/b/c.bin" → ["", "a", "a/b"]. */
export function ancestors(file: string): string[] {
  const parts = file.split("/").slice(0, -1);
  return ["", ...parts.map((_, i) => parts.slice(0, i + 1).join("/"))];
}
