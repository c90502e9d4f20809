/**
 * The reference file committed in place of a stowed file: `models/nlu.tar.gz.ballast`.
 *
 *   {
 *     "ballast": 1,
 *     "path": "nlu.tar.gz",
 *     "sha256": "<64 lowercase hex>",
 *     "size": 123456789
 *   }
 *
 * Keys in this fixed order, two-space JSON, LF line ends, final newline, so diffs are clean.
 * `path` is the file's name relative to the reference's folder. Unknown fields are kept
 * when a reference is rewritten; an unknown format version is refused ("upgrade ballast").
 * No storage URL is written: where objects live comes from config.
 */
export const REFERENCE_SUFFIX = ".ballast";
export const REFERENCE_VERSION = 1;

export interface Reference {
  ballast: number;
  /** The file's name, relative to the folder of the reference file. */
  path: string;
  sha256: string;
  size: number;
  /** Fields written by a newer ballast or another tool, preserved as they were. */
  extra?: Record<string, unknown>;
}
