import type { Policy } from "../engine/policy.js";
import { objectHeads, objectInfo } from "../git/catfile.js";
import type { CommitNode } from "../git/history.js";
import type { ObjectReader } from "../git/object-reader.js";
import { isRegularFileMode } from "../git/parse.js";
import { parseCommit, parseTree } from "../git/raw-objects.js";
import { parsePointer, POINTER_MAX_SIZE, type LfsPointer } from "../lfs/pointer.js";
import { REFERENCE_SUFFIX } from "../ref/format.js";
import { stowProblem } from "../util/gitignore.js";
import { judgeFiles, MIGRATED_RULES, type FileAt } from "./judge-files.js";
import type { PathSelection } from "./paths.js";
import { targetKey, type Target, type TargetReason } from "./types.js";

export interface SelectOptions {
  cwd: string;
  reader: ObjectReader;
  idBytes: number;
  commits: CommitNode[];
  policy: Policy;
  /** Blobs the remote lacks (what the next push sends); undefined: every blob counts. */
  newBlobs?: Set<string>;
  /** PATHs given: exactly these files, whatever the rules say. */
  paths?: PathSelection;
  fromLfs: boolean;
  onProgress?: (commits: number) => void;
}

export interface Selection {
  targets: Map<string, Target>;
  /** Files that would qualify but are left as they are, and why. */
  skipped: Array<{ path: string; why: "pointer" | "name" }>;
}

/**
 * Which file versions become references: every regular file in the commits' trees (each
 * tree read once per folder it sits in), judged by the project's own rules (size, binary,
 * redirect: only blobs new to the remote, as pre-push judges them), or matched against
 * the PATHs given; with --from-lfs, every Git LFS pointer too. A pointer is never stowed
 * as if it were the file: without --from-lfs it is left, and reported.
 */
export async function selectTargets(o: SelectOptions): Promise<Selection> {
  const files = await collectFiles(o);
  const reasons = new Map<string, TargetReason>();
  if (o.paths) {
    for (const [key, f] of files) if (o.paths.match(f.path)) reasons.set(key, "path");
  } else {
    const candidates = [...files.values()].filter((f) => !o.newBlobs || o.newBlobs.has(f.object));
    const findings = await judgeFiles({ cwd: o.cwd, policy: o.policy, files: candidates });
    const migrated = new Set<string>(MIGRATED_RULES.map((r) => r.id));
    for (const f of findings) if (f.severity === "error" && migrated.has(f.rule) && f.object) reasons.set(targetKey(f.path, f.object), f.rule as TargetReason);
  }
  const lfsCandidates = o.fromLfs ? [...files].filter(([, f]) => !o.paths || o.paths.match(f.path)) : [];
  const pointers = await readPointers(o.cwd, [...reasons.keys()].map((k) => files.get(k)!.object).concat(lfsCandidates.map(([, f]) => f.object)));
  for (const [key, f] of lfsCandidates) if (pointers.pointer.has(f.object)) reasons.set(key, "lfs");

  const selection: Selection = { targets: new Map(), skipped: [] };
  for (const [key, reason] of reasons) {
    const { path, object } = files.get(key)!;
    const pointer = pointers.pointer.get(object);
    if (stowProblem(path)) selection.skipped.push({ path, why: "name" });
    else if (pointer && !o.fromLfs) selection.skipped.push({ path, why: "pointer" });
    // git-lfs allows sizes up to 2^63-1; a reference holds a safe integer (no real file is larger).
    else if (pointer && !Number.isSafeInteger(Number(pointer.size))) selection.skipped.push({ path, why: "pointer" });
    else if (pointer) selection.targets.set(key, { path, object, size: Number(pointer.size), reason: "lfs", lfs: { oid: pointer.oid, size: Number(pointer.size) } });
    else selection.targets.set(key, { path, object, size: pointers.size.get(object) ?? 0, reason });
  }
  return selection;
}

/** Every (path, blob) of a regular file in the commits' trees that a reference could stand for. */
async function collectFiles(o: SelectOptions): Promise<Map<string, FileAt>> {
  const files = new Map<string, FileAt>();
  const seen = new Set<string>();
  const walk = async (tree: string, prefix: string): Promise<void> => {
    if (seen.has(`${prefix}\0${tree}`)) return;
    seen.add(`${prefix}\0${tree}`);
    for (const e of parseTree((await o.reader.need(tree)).content, o.idBytes)) {
      const path = prefix + e.text;
      if (e.type === "tree") await walk(e.object, `${path}/`);
      else if (isRegularFileMode(e.mode) && stowable(e.text)) files.set(targetKey(path, e.object), { path, object: e.object });
    }
  };
  let done = 0;
  for (const { commit } of o.commits) {
    await walk(parseCommit((await o.reader.need(commit)).content).tree, "");
    o.onProgress?.(++done);
  }
  return files;
}

/** ballast's own files are never replaced by a reference. */
function stowable(name: string): boolean {
  return name !== ".gitignore" && name !== ".gitattributes" && !name.endsWith(REFERENCE_SUFFIX);
}

/** Sizes of the blobs, and which are Git LFS pointers (only blobs small enough to be one are read). */
async function readPointers(cwd: string, objects: string[]): Promise<{ size: Map<string, number>; pointer: Map<string, LfsPointer> }> {
  const info = await objectInfo(cwd, objects);
  const small = [...info.values()].filter((i) => i.size > 0 && i.size < POINTER_MAX_SIZE);
  const heads = await objectHeads(cwd, small.map((i) => ({ object: i.object, bytes: POINTER_MAX_SIZE })));
  const pointer = new Map<string, LfsPointer>();
  for (const [object, head] of heads) {
    const parsed = parsePointer(head);
    if (parsed.kind === "pointer") pointer.set(object, parsed.pointer);
  }
  return { size: new Map([...info].map(([object, i]) => [object, i.size])), pointer };
}
