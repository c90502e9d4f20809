import { objectHeads, objectInfo } from "../git/catfile.js";
import { parsePointer, POINTER_MAX_SIZE } from "../lfs/pointer.js";
import { rangeFixes } from "../messages.js";
import { introducingCommits } from "../range/introduced.js";
import { listBlobs } from "../range/revlist.js";
import { bucketize, extensionOf, folderOf, largest, type Bucket, type WeighedBlob } from "../range/weigh.js";
import { isReferencePath } from "../ref/resolve.js";
import { makeReport, type Report } from "../report/types.js";
import { BINARY_SNIFF_BYTES, isBinary } from "../rules/binary.js";
import { openContext, type BaseOptions } from "./context.js";
import { revisions } from "./scan.js";

export interface AuditOptions extends BaseOptions {
  /** A range to weigh instead of every ref's history. */
  range?: string;
  /** How many of the largest blobs to list (default 20). */
  top?: number;
  onProgress?: (blobs: number) => void;
}

/** One heavy blob, with the commit that added it and the commands that would lighten it. */
export interface AuditEntry {
  path: string;
  object: string;
  size: number;
  commit?: string;
  kind: "binary" | "text" | "lfs-pointer" | "reference";
  /** Commands, most targeted first: stow it, move its kind to LFS, or rewrite it out of history. */
  fixes: string[];
}

export interface AuditResult {
  /** "--all", or the range weighed. */
  scope: string;
  blobs: number;
  bytes: number;
  largest: AuditEntry[];
  byExtension: Bucket[];
  byFolder: Bucket[];
  /** Binary blobs over the config's binary limit (git's NUL-byte test). */
  binaries: { blobs: number; bytes: number };
  lfsPointers: { count: number; paths: string[] };
  references: { count: number; paths: string[] };
}

export interface AuditReport extends Report {
  audit: AuditResult;
}

/**
 * What weighs on the history: every blob reachable from every ref (or a range), counted
 * once, with one rev-list, one `cat-file --batch-check` for sizes, one `cat-file --batch`
 * for the first bytes of blobs over the binary limit and of pointer-sized blobs, and one
 * `git log` for the commits that added the largest. Informational: it never blocks.
 */
export async function audit(options: AuditOptions = {}): Promise<AuditReport> {
  const ctx = await openContext(options, { bare: true });
  const cwd = ctx.repo.root;
  const { set } = options.range !== undefined ? await revisions(cwd, { range: options.range }) : { set: { include: [], exclude: [], all: true } };
  const listed = await listBlobs(cwd, set, options.onProgress);
  const info = await objectInfo(
    cwd,
    listed.map((b) => b.object),
  );
  // `--filter=object:type=blob` still lists annotated tags (by their names): only blobs are weighed.
  const blobs: WeighedBlob[] = listed.flatMap((b) => {
    const found = info.get(b.object);
    return found?.type === "blob" ? [{ ...b, size: found.size }] : [];
  });

  const binaryLimit = ctx.config.limits.binary;
  const heads = await objectHeads(
    cwd,
    blobs.filter((b) => b.size > binaryLimit || (b.size > 0 && b.size < POINTER_MAX_SIZE)).map((b) => ({ object: b.object, bytes: Math.min(b.size, BINARY_SNIFF_BYTES), size: b.size })),
  );
  const kindOf = (b: WeighedBlob): AuditEntry["kind"] => {
    if (isReferencePath(b.path)) return "reference";
    const head = heads.get(b.object);
    if (!head) return "text";
    if (b.size < POINTER_MAX_SIZE) return parsePointer(head, b.size).kind === "pointer" ? "lfs-pointer" : "text";
    return b.size > binaryLimit && isBinary(head) ? "binary" : "text";
  };
  const kinds = new Map(blobs.map((b) => [b.object, kindOf(b)]));
  const ofKind = (kind: AuditEntry["kind"]) => blobs.filter((b) => kinds.get(b.object) === kind);

  const top = largest(blobs, options.top ?? 20);
  // The table names what each of its blobs is, whatever its size: the few heads it lacks are read.
  const unread = top.filter((b) => !heads.has(b.object) && b.size > 0);
  const topHeads = unread.length > 0 ? await objectHeads(cwd, unread.map((b) => ({ object: b.object, bytes: Math.min(b.size, BINARY_SNIFF_BYTES), size: b.size }))) : new Map<string, Buffer>();
  const shownKind = (b: WeighedBlob): AuditEntry["kind"] => {
    const kind = kinds.get(b.object)!;
    const head = topHeads.get(b.object);
    return kind === "text" && head && isBinary(head) ? "binary" : kind;
  };
  const commits = await introducingCommits(cwd, set, top);
  const entries: AuditEntry[] = top.map((b) => {
    const commit = commits.get(`${b.path}\0${b.object}`);
    const kind = shownKind(b);
    const policy = ctx.policy.forPath(b.path);
    // Only what the config would warn about needs lightening.
    const heavy = kinds.get(b.object) === "binary" || policy.redirect || b.size > policy.limits.warn;
    return { path: b.path, object: b.object, size: b.size, ...(commit ? { commit } : {}), kind, fixes: heavy ? fixesFor(b.path, kind, policy.redirect) : [] };
  });
  const binaries = ofKind("binary");
  const pointers = ofKind("lfs-pointer");
  const references = ofKind("reference");
  const result: AuditResult = {
    scope: options.range ?? "--all",
    blobs: blobs.length,
    bytes: blobs.reduce((sum, b) => sum + b.size, 0),
    largest: entries,
    byExtension: bucketize(blobs, extensionOf, 15),
    byFolder: bucketize(blobs, folderOf, 15),
    binaries: { blobs: binaries.length, bytes: binaries.reduce((sum, b) => sum + b.size, 0) },
    lfsPointers: { count: pointers.length, paths: [...new Set(pointers.map((b) => b.path))].sort() },
    references: { count: references.length, paths: [...new Set(references.map((b) => b.path))].sort() },
  };
  const report = makeReport("audit", [], { checked: blobs.length }) as AuditReport;
  report.audit = result;
  return report;
}

/** Model files: stow (and rewrite the old copies away); binaries: move that kind to LFS; anything else heavy: rewrite it out. */
function fixesFor(path: string, kind: AuditEntry["kind"], redirect: boolean): string[] {
  if (kind === "lfs-pointer" || kind === "reference") return [];
  const ext = extensionOf(path);
  const glob = ext === "(none)" ? path : `*${ext}`;
  if (redirect) return [rangeFixes.stow(path), rangeFixes.historyRewrite(path)];
  if (kind === "binary") return [rangeFixes.lfsMigrate(glob), rangeFixes.historyRewrite(path)];
  return [rangeFixes.historyRewrite(path)];
}
