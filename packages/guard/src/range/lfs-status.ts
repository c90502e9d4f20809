import type { AttributeQuestion } from "./attributes.js";
import type { Layout, Layouts } from "./layouts.js";
import { lfsCandidateMatcher } from "./lfs-patterns.js";
import type { SmallBlobReader } from "./reader.js";

/**
 * What is known of a path's `filter=lfs` under a layout before git is asked. Pending: a
 * file above it is still being read; No: no .gitattributes line naming lfs reaches it (not
 * LFS, git need not be asked); Maybe: some line could make it LFS, git's own answer
 * decides (lfsAnswers).
 */
export const Lfs = { Pending: -1, No: 0, Maybe: 1 } as const;
export type Lfs = (typeof Lfs)[keyof typeof Lfs];

/**
 * The quick half of "is this path LFS in this commit": most paths of most histories are
 * reached by no line naming lfs in any .gitattributes above them, and are settled here
 * without asking git (lfs-patterns.ts widens each line, so this never says No where git
 * would say lfs). `everywhere`: $GIT_DIR/info/attributes names lfs, so every path is Maybe.
 */
export class LfsStatus {
  private readonly matchers = new Map<string, (path: string) => boolean>();

  constructor(
    private readonly layouts: Layouts,
    private readonly reader: SmallBlobReader,
    private readonly everywhere: boolean,
  ) {}

  of(layout: Layout, path: string): Lfs {
    if (this.everywhere) return Lfs.Maybe;
    const files = this.layouts.filesFor(layout, path);
    if (!files) return Lfs.Pending;
    let pending = false;
    for (const [dir, object] of files) {
      const match = this.matcher(dir, object);
      if (!match) pending = true;
      else if (match(path)) return Lfs.Maybe;
    }
    return pending ? Lfs.Pending : Lfs.No;
  }

  /** The question to put to git for a Maybe path (its layout's files are all read by then). */
  question(layout: Layout, path: string): AttributeQuestion {
    return { files: this.layouts.filesFor(layout, path) ?? [], path };
  }

  /** The content of a .gitattributes blob that has been read ("" if it has not). */
  content(object: string): string {
    return this.reader.get(object)?.content ?? "";
  }

  /** The blob of `dir`'s .gitattributes under a layout ("" for none; undefined while it is read). */
  fileAt(layout: Layout, dir: string): string | undefined {
    return this.layouts.fileAt(layout, dir);
  }

  /**
   * Does this .gitattributes name lfs, the filter attribute or a macro at all (could
   * changing it change a path's LFS)? undefined while it is read.
   */
  mentionsLfs(object: string): boolean | undefined {
    const blob = this.reader.get(object);
    return blob === undefined ? undefined : /lfs|filter|\[attr\]/i.test(blob?.content ?? "");
  }

  private matcher(dir: string, object: string): ((path: string) => boolean) | undefined {
    const key = `${dir}\0${object}`;
    let match = this.matchers.get(key);
    if (match) return match;
    const blob = this.reader.get(object);
    if (blob === undefined) return undefined;
    match = lfsCandidateMatcher([[dir, blob?.content ?? ""]]);
    this.matchers.set(key, match);
    return match;
  }
}
