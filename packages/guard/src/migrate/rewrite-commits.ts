import type { CommitNode, RefTip } from "../git/history.js";
import type { ObjectReader } from "../git/object-reader.js";
import type { ObjectWriter } from "../git/object-writer.js";
import { formatCommit, parseCommit, retargetTag, tagTarget } from "../git/raw-objects.js";
import type { TreeRewriter } from "./rewrite-trees.js";
import { targetKey, type MigratedCommit } from "./types.js";

export interface RewriteCommitsOptions {
  reader: ObjectReader;
  writer: ObjectWriter;
  trees: TreeRewriter;
  /** Parents before children (rev-list --topo-order --reverse). */
  commits: CommitNode[];
  onProgress?: (done: number) => void;
}

export interface RewrittenHistory {
  /** Old commit id → new, for the commits that changed only. */
  map: Map<string, string>;
  changed: MigratedCommit[];
}

/**
 * Each commit written again with its tree rewritten and its parents mapped, every other
 * byte of the raw object kept (author, committer, dates, encoding, message, extra
 * headers); only a signature goes, since it no longer matches. A commit whose tree and
 * parents are unchanged is not written: it keeps its id. No commit is dropped, not even
 * one that ends up changing nothing (as git lfs migrate does): the graph keeps its shape.
 */
export async function rewriteCommits(o: RewriteCommitsOptions): Promise<RewrittenHistory> {
  const map = new Map<string, string>();
  const changed: MigratedCommit[] = [];
  // What became a reference in each rewritten commit, to tell what a commit itself brought.
  const migratedIn = new Map<string, Set<string>>();
  let done = 0;
  for (const node of o.commits) {
    const commit = parseCommit((await o.reader.need(node.commit)).content);
    const tree = await o.trees.rewrite(commit.tree);
    const parents = commit.parents.map((p) => map.get(p) ?? p);
    const keys = new Set(tree.migrated.map((t) => targetKey(t.path, t.object)));
    migratedIn.set(node.commit, keys);
    if (tree.object !== commit.tree || parents.some((p, i) => p !== commit.parents[i])) {
      const id = await o.writer.object("commit", formatCommit({ ...commit, tree: tree.object, parents }));
      map.set(node.commit, id);
      const inherited = commit.parents.map((p) => migratedIn.get(p) ?? new Set<string>());
      const files = tree.migrated.filter((t) => !inherited.some((s) => s.has(targetKey(t.path, t.object)))).map((t) => t.path);
      changed.push({ old: node.commit, new: id, subject: subjectOf(commit.message), files: [...new Set(files)].sort() });
    }
    o.onProgress?.(++done);
  }
  return { map, changed };
}

/**
 * Where each ref goes: a branch or lightweight tag to its commit's new id; an annotated
 * tag is written again around the new commit (tagger and message kept, a signature
 * dropped), a tag of a tag likewise. Refs whose target did not change are left out.
 */
export async function rewriteRefs(o: { reader: ObjectReader; writer: ObjectWriter; map: Map<string, string>; refs: RefTip[] }): Promise<Array<RefTip & { new: string }>> {
  const tags = new Map<string, Promise<string>>();
  const retarget = async (object: string, type: string): Promise<string> => {
    if (type === "commit") return o.map.get(object) ?? object;
    if (type !== "tag") return object;
    let result = tags.get(object);
    if (!result) {
      result = (async () => {
        const raw = (await o.reader.need(object)).content;
        const target = tagTarget(raw);
        const moved = await retarget(target.object, target.type);
        return moved === target.object ? object : o.writer.object("tag", retargetTag(raw, moved));
      })();
      tags.set(object, result);
    }
    return result;
  };
  const moves: Array<RefTip & { new: string }> = [];
  for (const ref of o.refs) {
    const moved = await retarget(ref.object, ref.type);
    if (moved !== ref.object) moves.push({ ...ref, new: moved });
  }
  return moves;
}

function subjectOf(message: Buffer): string {
  return message.toString("utf8").split("\n")[0]!.trim();
}
