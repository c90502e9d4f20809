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
import { referenceReasons } from "../messages.js";

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

/** References are tiny; anything bigger is not one (and is never read whole). */
export const MAX_REFERENCE_BYTES = 64 * 1024;

const KNOWN_KEYS = ["ballast", "path", "sha256", "size"];

/** Write a reference: fixed key order, then unknown fields as they were; LF, final newline. */
export function formatReference(ref: Reference): string {
  const ordered: Record<string, unknown> = { ballast: ref.ballast, path: ref.path, sha256: ref.sha256, size: ref.size };
  for (const [key, value] of Object.entries(ref.extra ?? {})) if (!KNOWN_KEYS.includes(key)) ordered[key] = value;
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

const CONFLICT = /^(<{7}|>{7}|={7})( |$)/m;

/** Why a reference was refused, or the reference. Text read from disk or git is untrusted input. */
export type ReferenceParse = { ok: true; reference: Reference } | { ok: false; reason: string; upgrade?: boolean };

/**
 * Parse and strictly validate a reference: version 1, `path` a relative name without
 * `..`, `.git` or control characters, `sha256` 64 lowercase hex, `size` a non-negative
 * safe integer. A newer format version is refused with `upgrade: true`.
 */
export function parseReference(text: string | Buffer): ReferenceParse {
  if (text.length > MAX_REFERENCE_BYTES) return { ok: false, reason: referenceReasons.tooBig(MAX_REFERENCE_BYTES) };
  let data: unknown;
  const source = typeof text === "string" ? text : text.toString("utf8");
  try {
    data = JSON.parse(source);
  } catch {
    // A merge that changed the model on both branches leaves git's markers in the reference.
    return { ok: false, reason: CONFLICT.test(source) ? referenceReasons.conflict : referenceReasons.notJson };
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) return { ok: false, reason: referenceReasons.notObject };
  const record = data as Record<string, unknown>;
  const version = record.ballast;
  if (typeof version !== "number" || !Number.isInteger(version) || version < 1) {
    return { ok: false, reason: referenceReasons.noVersion };
  }
  if (version !== REFERENCE_VERSION) {
    return { ok: false, reason: referenceReasons.newer(version), upgrade: true };
  }
  const pathProblem = checkReferencePath(record.path);
  if (pathProblem) return { ok: false, reason: referenceReasons.path(pathProblem) };
  if (typeof record.sha256 !== "string" || !/^[0-9a-f]{64}$/.test(record.sha256)) {
    return { ok: false, reason: referenceReasons.sha256 };
  }
  if (typeof record.size !== "number" || !Number.isSafeInteger(record.size) || record.size < 0) {
    return { ok: false, reason: referenceReasons.size };
  }
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) if (!KNOWN_KEYS.includes(key)) extra[key] = value;
  const reference: Reference = { ballast: version, path: record.path as string, sha256: record.sha256, size: record.size };
  if (Object.keys(extra).length > 0) reference.extra = extra;
  return { ok: true, reference };
}

/** Undefined when `value` is a safe relative path for a stowed file, else what is wrong with it. */
export function checkReferencePath(value: unknown): string | undefined {
  if (typeof value !== "string" || value === "") return referenceReasons.pathEmpty;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) return referenceReasons.pathControl;
  if (value.includes("\\")) return referenceReasons.pathBackslash;
  if (value.startsWith("/") || /^[A-Za-z]:/.test(value)) return referenceReasons.pathAbsolute;
  const segments = value.split("/");
  if (segments.some((s) => s === "" || s === "." || s === "..")) return referenceReasons.pathLeaves;
  if (segments.some((s) => s.toLowerCase() === ".git")) return referenceReasons.pathGit;
  if (value.endsWith(REFERENCE_SUFFIX)) return referenceReasons.pathReference(REFERENCE_SUFFIX);
  return undefined;
}

/** The repository path a reference restores to: its folder joined with its `path`. */
export function targetOf(referencePath: string, ref: Pick<Reference, "path">): string {
  const slash = referencePath.lastIndexOf("/");
  return slash < 0 ? ref.path : `${referencePath.slice(0, slash)}/${ref.path}`;
}

/** The reference file that stands for a repository path: `models/x.tar.gz` → `models/x.tar.gz.ballast`. */
export function referenceFor(path: string): string {
  return `${path}${REFERENCE_SUFFIX}`;
}
