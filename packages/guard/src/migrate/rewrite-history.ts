import type { CommitNode, RefTip } from "../git/history.js";
import type { ObjectReader } from "../git/object-reader.js";
import type { ObjectWriter } from "../git/object-writer.js";
import { rewriteCommits, rewriteRefs, type RewrittenHistory } from "./rewrite-commits.js";
import { TreeRewriter, type TreeRewriterOptions } from "./rewrite-trees.js";

export interface RewriteHistoryOptions extends Omit<TreeRewriterOptions, "writer"> {
  reader: ObjectReader;
  writer: ObjectWriter;
  commits: CommitNode[];
  /** The refs that may move. */
  refs: RefTip[];
  onProgress?: (done: number) => void;
}

/**
 * Every new object of the rewrite, written before any ref moves: trees, commits, then
 * annotated tags. Returns the commit map and where each ref would go. The writer's git
 * processes are closed (flushed) before it returns, also when it fails.
 */
export async function rewriteHistory(o: RewriteHistoryOptions): Promise<RewrittenHistory & { moved: Array<RefTip & { new: string }> }> {
  try {
    const trees = new TreeRewriter(o);
    const history = await rewriteCommits({ reader: o.reader, writer: o.writer, trees, commits: o.commits, ...(o.onProgress ? { onProgress: o.onProgress } : {}) });
    const moved = await rewriteRefs({ reader: o.reader, writer: o.writer, map: history.map, refs: o.refs });
    await o.writer.close();
    return { ...history, moved };
  } catch (error) {
    await o.writer.close().catch(() => {});
    throw error;
  }
}
