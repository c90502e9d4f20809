/**
 * Pure parsers for git's NUL-separated output. Each documents the wire format it reads;
 * tests feed them captured output.
 */

/** The empty tree's id (SHA-1 repositories), what an unborn HEAD is compared with. */
export const EMPTY_TREE_SHA1 = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
/** The same in a SHA-256 repository. */
export const EMPTY_TREE_SHA256 = "6ef19b41225c5369f1c104d45d8d85efa9b057b53b14b4b9b939dd74decc5321";

export interface RawDiffEntry {
  srcMode: string;
  dstMode: string;
  srcObject: string;
  dstObject: string;
  /** A, C, D, M, R, T, U or X (renames are off, so C and R do not appear). */
  status: string;
  path: string;
}

/**
 * `git diff --raw -z --no-abbrev --no-renames`:
 *   ":100644 100644 <src sha> <dst sha> M\0path/to/file\0"
 * One header and one path per entry (with renames off there is never a second path).
 */
export function parseRawDiff(output: Buffer | string): RawDiffEntry[] {
  // One pass with indexOf: a commit of 10,000 files is 20,000 fields, and splitting them
  // all into an array first cost more than git took to write them.
  const text = typeof output === "string" ? output : output.toString("utf8");
  const entries: RawDiffEntry[] = [];
  let at = 0;
  while (at < text.length) {
    const headerEnd = text.indexOf("\0", at);
    const pathEnd = headerEnd < 0 ? -1 : text.indexOf("\0", headerEnd + 1);
    if (pathEnd < 0) break;
    const start = text.charCodeAt(at) === 58 /* ":" */ ? at + 1 : at;
    const [srcMode, dstMode, srcObject, dstObject, status] = text.slice(start, headerEnd).split(" ");
    if (srcMode && dstMode && srcObject && dstObject && status) {
      entries.push({ srcMode, dstMode, srcObject, dstObject, status: status[0]!, path: text.slice(headerEnd + 1, pathEnd) });
    }
    at = pathEnd + 1;
  }
  return entries;
}

export interface IndexEntry {
  mode: string;
  object: string;
  stage: number;
  path: string;
}

/** `git ls-files -s -z`: "100644 <sha> 0\tpath\0" (stage 1-3 while a merge is in conflict). */
export function parseLsFilesStage(output: Buffer | string, keep?: (path: string) => boolean): IndexEntry[] {
  // `keep` is asked first: of a 100,000-file index, only the entries it keeps are built.
  return splitNul(output).flatMap((record) => {
    const tab = record.indexOf("\t");
    if (tab < 0) return [];
    const path = record.slice(tab + 1);
    if (keep && !keep(path)) return [];
    const [mode, object, stage] = record.slice(0, tab).split(" ");
    if (!mode || !object || stage === undefined) return [];
    return [{ mode, object, stage: Number(stage), path }];
  });
}

/** The folder of a .gitattributes path ("" for the top one); undefined for any other path. */
export function attributesFolder(path: string): string | undefined {
  if (path === ".gitattributes") return "";
  return path.endsWith("/.gitattributes") ? path.slice(0, -"/.gitattributes".length) : undefined;
}

/** `git check-attr -z --stdin ATTR...`: "path\0attr\0value\0" triples; value is "unspecified", "set", "unset" or text. */
export function parseCheckAttr(output: Buffer | string): Map<string, Record<string, string>> {
  const fields = splitNul(output);
  const result = new Map<string, Record<string, string>>();
  for (let i = 0; i + 2 < fields.length + 0; i += 3) {
    const [path, attr, value] = [fields[i]!, fields[i + 1]!, fields[i + 2]!];
    const record = result.get(path) ?? {};
    record[attr] = value;
    result.set(path, record);
  }
  return result;
}

/**
 * The paths whose attribute is exactly "lfs" in `git check-attr -z` output for one
 * attribute ("path\0filter\0value\0"). Only those paths are decoded: asked about 10,000
 * staged files, nearly every answer is "unspecified" and costs no string at all.
 */
export function pathsWithValueLfs(output: Buffer): Set<string> {
  const found = new Set<string>();
  let at = 0;
  while (at < output.length) {
    const pathEnd = output.indexOf(0, at);
    const attrEnd = pathEnd < 0 ? -1 : output.indexOf(0, pathEnd + 1);
    const valueEnd = attrEnd < 0 ? -1 : output.indexOf(0, attrEnd + 1);
    if (valueEnd < 0) break;
    if (valueEnd - attrEnd === 4 && output[attrEnd + 1] === 0x6c && output[attrEnd + 2] === 0x66 && output[attrEnd + 3] === 0x73) {
      found.add(output.toString("utf8", at, pathEnd));
    }
    at = valueEnd + 1;
  }
  return found;
}

export interface ObjectInfo {
  object: string;
  type: string;
  size: number;
}

/** `git cat-file --batch-check`: "<sha> <type> <size>\n", or "<name> missing\n" for an unknown object. */
export function parseBatchCheck(output: Buffer | string): Map<string, ObjectInfo> {
  const result = new Map<string, ObjectInfo>();
  for (const line of output.toString().split("\n")) {
    const [object, type, size] = line.split(" ");
    if (!object || !type || type === "missing" || size === undefined) continue;
    result.set(object, { object, type, size: Number(size) });
  }
  return result;
}

/** Split NUL-terminated records, dropping the empty tail after the last NUL. */
export function splitNul(output: Buffer | string): string[] {
  const text = typeof output === "string" ? output : output.toString("utf8");
  if (!text) return [];
  const parts = text.split("\0");
  if (parts[parts.length - 1] === "") parts.pop();
  return parts;
}

/** Regular files only: symlinks (120000) and submodules (160000) are not content ballast judges. */
export function isRegularFileMode(mode: string): boolean {
  return mode === "100644" || mode === "100755";
}

export interface TreeEntry {
  mode: string;
  type: string;
  object: string;
  path: string;
}

/** `git ls-tree -r -z REV`: "100644 blob <sha>\tpath\0" (no size column without --long). */
export function parseLsTree(output: Buffer | string): TreeEntry[] {
  return splitNul(output).flatMap((record) => {
    const tab = record.indexOf("\t");
    if (tab < 0) return [];
    const [mode, type, object] = record.slice(0, tab).split(" ");
    if (!mode || !type || !object) return [];
    return [{ mode, type, object, path: record.slice(tab + 1) }];
  });
}
