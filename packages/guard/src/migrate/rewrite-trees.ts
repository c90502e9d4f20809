import type { ObjectReader } from "../git/object-reader.js";
import type { ObjectWriter, TreeEntryOut } from "../git/object-writer.js";
import { parseTree } from "../git/raw-objects.js";
import { formatReference, REFERENCE_SUFFIX, REFERENCE_VERSION } from "../ref/format.js";
import { ignoreMigrated, isEmptyAttributes, withoutLfsLines } from "./text-edits.js";
import { targetKey, type Cached, type Target } from "./types.js";

export interface TreeRewriterOptions {
  reader: ObjectReader;
  writer: ObjectWriter;
  idBytes: number;
  targets: Map<string, Target>;
  /** Each target blob's bytes in the cache (empty in a dry run: the reference is then made up). */
  cached: Map<string, Cached>;
  /** --from-lfs: `.gitattributes` loses its filter=lfs lines (all, or those of these patterns). */
  attributes?: { patterns?: string[] };
}

/** A rewritten tree, and the files below it that became references. */
export interface RewrittenTree {
  object: string;
  migrated: Target[];
}

/**
 * Trees rewritten as a pure function of their content: the same tree at the same place
 * always becomes the same new tree, so each (folder, tree) is rewritten once, however
 * many commits share it, and a tree with nothing to change keeps its id (and nothing is
 * written). A target file is replaced by `<name>.ballast`; the top tree's `.gitignore`
 * gains a line for every file that became a reference anywhere below.
 */
export class TreeRewriter {
  private readonly memo = new Map<string, Promise<RewrittenTree>>();
  private readonly blobs = new Map<string, Promise<string>>();

  constructor(private readonly o: TreeRewriterOptions) {}

  rewrite(tree: string, prefix = ""): Promise<RewrittenTree> {
    const key = `${prefix}\0${tree}`;
    let result = this.memo.get(key);
    if (!result) this.memo.set(key, (result = this.compute(tree, prefix)));
    return result;
  }

  private async compute(tree: string, prefix: string): Promise<RewrittenTree> {
    const entries = parseTree((await this.o.reader.need(tree)).content, this.o.idBytes);
    const out: TreeEntryOut[] = [];
    const migrated: Target[] = [];
    const references = new Set<TreeEntryOut>();
    let changed = false;
    for (const e of entries) {
      const path = prefix + e.text;
      const target = e.type === "blob" ? this.o.targets.get(targetKey(path, e.object)) : undefined;
      if (e.type === "tree") {
        const sub = await this.rewrite(e.object, `${path}/`);
        migrated.push(...sub.migrated);
        if (sub.object === e.object) out.push(e);
        else if (sub.object !== EMPTY) out.push({ ...e, object: sub.object });
        changed ||= sub.object !== e.object;
      } else if (target) {
        migrated.push(target);
        const reference: TreeEntryOut = { mode: "100644", type: "blob", object: await this.reference(target, e.text), name: Buffer.concat([e.name, Buffer.from(REFERENCE_SUFFIX)]) };
        references.add(reference);
        out.push(reference);
        changed = true;
      } else if (e.text === ".gitattributes" && e.type === "blob" && this.o.attributes) {
        const edited = withoutLfsLines((await this.o.reader.need(e.object)).content.toString("utf8"), this.o.attributes.patterns);
        if (edited === undefined) out.push(e);
        else if (!isEmptyAttributes(edited)) out.push({ ...e, object: await this.blob(edited) });
        changed ||= edited !== undefined;
      } else out.push(e);
    }
    if (prefix === "" && migrated.length > 0) changed = (await this.ignore(out, migrated)) || changed;
    if (!changed) return { object: tree, migrated };
    // A reference replaces the file's entry; one already there (a stow in the same tree) gives way.
    const ours = new Set([...references].map((e) => e.name.toString("latin1")));
    const kept = out.filter((e) => references.has(e) || !ours.has(e.name.toString("latin1")));
    if (kept.length === 0) return { object: prefix === "" ? await this.o.writer.tree([]) : EMPTY, migrated };
    return { object: await this.o.writer.tree(kept), migrated };
  }

  /** Add the migrated files' lines to the top `.gitignore` entry (created when missing). */
  private async ignore(out: TreeEntryOut[], migrated: Target[]): Promise<boolean> {
    const at = out.findIndex((e) => e.name.toString("latin1") === ".gitignore");
    const existing = at >= 0 ? out[at]! : undefined;
    // A .gitignore that is a folder or a symlink is not one ballast can add lines to.
    if (existing && (existing.type !== "blob" || existing.mode === "120000")) return false;
    const before = existing ? (await this.o.reader.need(existing.object)).content.toString("utf8") : "";
    const after = ignoreMigrated(before, [...new Set(migrated.map((t) => t.path))].sort());
    if (existing && after === before) return false;
    const entry: TreeEntryOut = { mode: existing?.mode === "100755" ? "100755" : "100644", type: "blob", object: await this.blob(after), name: Buffer.from(".gitignore") };
    if (existing) out[at] = entry;
    else out.push(entry);
    return true;
  }

  private reference(target: Target, name: string): Promise<string> {
    const cached = this.o.cached.get(target.object) ?? { sha256: "0".repeat(64), size: target.size };
    return this.blob(formatReference({ ballast: REFERENCE_VERSION, path: name, sha256: cached.sha256, size: cached.size }));
  }

  private blob(text: string): Promise<string> {
    let id = this.blobs.get(text);
    if (!id) this.blobs.set(text, (id = this.o.writer.blob(text)));
    return id;
  }
}

/** A folder left with no entries: git stores no empty folder, so its entry goes. */
const EMPTY = "";
