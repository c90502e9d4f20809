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
type Matcher = (path: string) => boolean;
/** A .gitattributes that names no lfs: it can make no path LFS. */
const NEVER: Matcher = () => false;

export class LfsStatus {
  private readonly matchers = new Map<string, Matcher>();
  /**
   * Per layout, per folder: the matchers of the files above it that name lfs (null: none),
   * or while one of them is still being read, the moment (stamp()) it was last tried: until
   * a read comes in or a .gitattributes entry is taken, trying again asks nothing new and
   * finds nothing new (a walk's first thousands of pairs arrive before the first answer).
   */
  private readonly byFolder = new WeakMap<Layout, Map<string, Matcher[] | null | number>>();

  constructor(
    private readonly layouts: Layouts,
    private readonly reader: SmallBlobReader,
    private readonly everywhere: boolean,
  ) {}

  of(layout: Layout, path: string): Lfs {
    if (this.everywhere) return Lfs.Maybe;
    // Asked once per folder and layout: a history's paths share a few of each.
    const slash = path.lastIndexOf("/");
    const folder = slash < 0 ? "" : path.slice(0, slash);
    let folders = this.byFolder.get(layout);
    if (!folders) this.byFolder.set(layout, (folders = new Map()));
    let matchers = folders.get(folder);
    if (matchers === undefined || typeof matchers === "number") {
      const now = this.stamp();
      if (matchers === now) return Lfs.Pending;
      const files = this.layouts.filesFor(layout, path);
      if (!files) {
        folders.set(folder, now);
        return Lfs.Pending;
      }
      const found: Matcher[] = [];
      for (const [dir, object] of files) {
        const match = this.matcher(dir, object);
        if (!match) {
          folders.set(folder, now);
          return Lfs.Pending;
        }
        if (match !== NEVER) found.push(match);
      }
      folders.set(folder, (matchers = found.length ? found : null));
    }
    if (matchers === null) return Lfs.No;
    for (const match of matchers) if (match(path)) return Lfs.Maybe;
    return Lfs.No;
  }

  /** Changes whenever a Pending status could become known: a read came in, or a .gitattributes entry was taken. */
  private stamp(): number {
    return this.reader.progress + this.layouts.version;
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

  private matcher(dir: string, object: string): Matcher | undefined {
    const key = `${dir}\0${object}`;
    let match = this.matchers.get(key);
    if (match) return match;
    const blob = this.reader.get(object);
    if (blob === undefined) return undefined;
    const content = blob?.content ?? "";
    // lfs-patterns.ts reads only lines that name lfs.
    match = content.includes("lfs") ? lfsCandidateMatcher([[dir, content]]) : NEVER;
    this.matchers.set(key, match);
    return match;
  }
}
