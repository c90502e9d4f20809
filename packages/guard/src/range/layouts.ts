import type { SmallBlobReader } from "./reader.js";

/**
 * The .gitattributes files of a commit, followed along the walk: a commit shares its
 * parent's layout object until it changes one of them (then it gets a copy), so a history
 * whose attributes never change has one layout, however long it is.
 */
export interface Layout {
  /**
   * A commit whose tree answers for the folders `files` does not name: a parent outside
   * the walk (the remote's commit a push builds on), or a merge whose parents disagree.
   * None: no other .gitattributes exists.
   */
  base?: string;
  /** Folder ("" at the top) → blob of its .gitattributes, "" where it has none. */
  files: Map<string, string>;
}

/** A .gitattributes file: its folder and blob. */
export type AttributeFile = [dir: string, object: string];

/** A commit whose .gitattributes differ from a parent's: its paths' attributes may have changed. */
export interface LayoutChange {
  commit: string;
  layout: Layout;
  parents: Layout[];
  parentShas: string[];
  /** The folders whose .gitattributes changed; undefined: unknown (a merge of different layouts). */
  dirs?: string[];
}

const EMPTY: Layout = { files: new Map() };
const NAME = ".gitattributes";

export class Layouts {
  private readonly byCommit = new Map<string, Layout>();
  private readonly outside = new Map<string, Layout>();
  private current: Layout = EMPTY;
  private currentSha = "";
  private parents: Layout[] = [];
  private parentShas: string[] = [];
  private changed: string[] | undefined;
  /** Commits whose attributes changed, in walk order. */
  readonly changes: LayoutChange[] = [];
  /** Counts every .gitattributes entry taken: what filesFor answers can change only when this does (or a read comes in). */
  version = 0;

  constructor(private readonly reader: SmallBlobReader) {}

  /** A commit begins (its parents' layouts are known: the walk is parents first). */
  commit(sha: string, parents: string[]): void {
    this.close();
    this.currentSha = sha;
    this.parentShas = parents;
    this.parents = parents.map((p) => this.byCommit.get(p) ?? this.boundary(p));
    const first = this.parents[0];
    if (!first) this.current = EMPTY;
    else if (this.parents.every((l) => l === first)) this.current = first;
    else {
      // Parents that disagree: this commit's own tree answers (a merge lists only what
      // differs from every parent, so which side a .gitattributes came from is not said).
      this.current = { base: sha, files: new Map() };
      this.changed = undefined;
      this.changes.push({ commit: sha, layout: this.current, parents: this.parents, parentShas: parents });
    }
    this.byCommit.set(sha, this.current);
  }

  /** An entry of the current commit: a .gitattributes added, changed or deleted. */
  entry(path: string, mode: string, object: string): void {
    if (path !== NAME && !path.endsWith(`/${NAME}`)) return;
    this.version++;
    const dir = path === NAME ? "" : path.slice(0, -NAME.length - 1);
    // From a tree (an index), git reads a .gitattributes that is a symbolic link as the text
    // of the link, not what it points to (git 2.32+ refuses to follow it only in a working
    // tree): so the blob is the file either way. A submodule is no file.
    const blob = mode === "100644" || mode === "100755" || mode === "120000" ? object : "";
    // Read now: the paths below will want it.
    if (blob) this.reader.get(blob);
    if (!this.changed) {
      if (this.current.base === this.currentSha) {
        this.current.files.set(dir, blob);
        return;
      }
      this.current = { ...(this.current.base ? { base: this.current.base } : {}), files: new Map(this.current.files) };
      this.byCommit.set(this.currentSha, this.current);
      this.changed = [];
    }
    this.current.files.set(dir, blob);
    this.changed.push(dir);
  }

  /** The layout of the current commit (entries seen so far are in it). */
  get layout(): Layout {
    return this.current;
  }

  /** After the last commit. */
  end(): void {
    this.close();
  }

  /**
   * The .gitattributes that apply to `path` under `layout`, top first (undefined while a
   * file of a base commit is still being read: it is asked for now).
   */
  filesFor(layout: Layout, path: string): AttributeFile[] | undefined {
    const found: AttributeFile[] = [];
    let missing = false;
    let slash = -1;
    do {
      const dir = slash < 0 ? "" : path.slice(0, slash);
      const object = this.fileAt(layout, dir);
      if (object === undefined) missing = true;
      else if (object) found.push([dir, object]);
      slash = path.indexOf("/", slash + 1);
    } while (slash >= 0);
    return missing ? undefined : found;
  }

  /** The blob of `dir`'s .gitattributes ("" for none), undefined while it is read. */
  fileAt(layout: Layout, dir: string): string | undefined {
    const own = layout.files.get(dir);
    if (own !== undefined) return own;
    if (!layout.base) return "";
    const answer = this.reader.get(`${layout.base}:${dir ? `${dir}/` : ""}${NAME}`);
    return answer === undefined ? undefined : (answer?.object ?? "");
  }

  private close(): void {
    if (this.changed?.length) this.changes.push({ commit: this.currentSha, layout: this.current, parents: this.parents, parentShas: this.parentShas, dirs: this.changed });
    this.changed = undefined;
  }

  /** A parent outside the walk: its tree answers, folder by folder, when asked. */
  private boundary(sha: string): Layout {
    let layout = this.outside.get(sha);
    if (!layout) this.outside.set(sha, (layout = { base: sha, files: new Map() }));
    return layout;
  }
}
