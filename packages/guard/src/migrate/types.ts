/** Shared shapes of a history migration (`ballast migrate`). */

/** Why a file is migrated: the rule that would block it, a PATH given, or an LFS pointer (--from-lfs). */
export type TargetReason = "size" | "binary" | "redirect" | "path" | "lfs";

/** A file, at one path, that becomes its `.ballast` reference in the rewritten commits. */
export interface Target {
  path: string;
  /** The git blob at that path. */
  object: string;
  /** The real file's size (for an LFS pointer, the size it names). */
  size: number;
  reason: TargetReason;
  /** Set when the blob is a Git LFS pointer: the bytes come from the local LFS store. */
  lfs?: { oid: string; size: number };
}

/** A target's bytes once in the cache: what its reference records. */
export interface Cached {
  sha256: string;
  size: number;
}

/** `"<path>\0<blob>"`: a file version at one path, the key targets are looked up by. */
export const targetKey = (path: string, object: string) => `${path}\0${object}`;

/** A commit the rewrite changed (or, in a dry run, would change). */
export interface MigratedCommit {
  old: string;
  /** The new id (a made-up name in a dry run). */
  new: string;
  subject: string;
  /** Files this commit adds or changes that become references (not those it inherits). */
  files: string[];
}

/** Where a long rewrite is, for a progress line on a terminal. */
export type MigrateProgress =
  | { phase: "scan"; commits: number; total: number }
  | { phase: "hash"; path: string; bytes: number; total: number }
  | { phase: "rewrite"; commits: number; total: number };
