import type { ListedBlob } from "./revlist.js";

/** A blob with its size, as the audit weighs it. */
export interface WeighedBlob extends ListedBlob {
  size: number;
}

export interface Bucket {
  /** The extension (".tar.gz", "(none)") or the top folder ("models", "." for the top). */
  name: string;
  blobs: number;
  bytes: number;
}

/** Compound archive extensions count as one: "nlu.tar.gz" is ".tar.gz", not ".gz". */
const COMPOUND = /\.tar\.(gz|bz2|xz|zst|lz4)$/i;

/** The extension an audit groups by: lowercased, "(none)" for names without one. */
export function extensionOf(file: string): string {
  const name = file.slice(file.lastIndexOf("/") + 1);
  const compound = COMPOUND.exec(name);
  if (compound) return compound[0].toLowerCase();
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot).toLowerCase() : "(none)";
}

/** The top-level folder a path sits in ("." for files at the top). */
export function folderOf(file: string): string {
  const slash = file.indexOf("/");
  return slash < 0 ? "." : file.slice(0, slash);
}

/** Totals per key, heaviest first (ties by name), at most `limit` buckets. */
export function bucketize(blobs: WeighedBlob[], key: (path: string) => string, limit: number): Bucket[] {
  const buckets = new Map<string, Bucket>();
  for (const b of blobs) {
    const name = key(b.path);
    const bucket = buckets.get(name) ?? { name, blobs: 0, bytes: 0 };
    bucket.blobs += 1;
    bucket.bytes += b.size;
    buckets.set(name, bucket);
  }
  return [...buckets.values()].sort((a, b) => b.bytes - a.bytes || (a.name < b.name ? -1 : 1)).slice(0, limit);
}

/** The `count` largest blobs, heaviest first (ties by path). */
export function largest(blobs: WeighedBlob[], count: number): WeighedBlob[] {
  return [...blobs].sort((a, b) => b.size - a.size || (a.path < b.path ? -1 : 1)).slice(0, count);
}
