import { lstat, open } from "node:fs/promises";
import path from "node:path";
import { parsePointer, POINTER_MAX_SIZE, POINTER_SNIFF_SIZE } from "../lfs/pointer.js";
import { fixes, rangeFixes, rangeMessages } from "../messages.js";
import { MAX_REFERENCE_BYTES, parseReference, targetOf } from "../ref/format.js";
import { isReferencePath } from "../ref/resolve.js";
import type { Detection } from "../rules/types.js";
import { hashFile } from "../util/hash.js";
import { mapPool } from "../util/pool.js";
import type { CheckoutFile } from "./walk.js";

/**
 * An unsmudged LFS pointer: a file git-lfs would decode as a pointer (git-lfs was
 * missing, or `git lfs pull` never ran), CRLF line ends, surrounding whitespace or no
 * final newline included: a `core.autocrlf=true` checkout without git-lfs writes CRLF.
 * Any file counts, not only LFS paths: the pointer-as-Dockerfile case is a path LFS does
 * not track. Text git-lfs would not decode is left alone here (a test fixture may quote
 * one). git-lfs reads only a blob's first 1024 bytes; so does this, for files up to the
 * sniff size.
 */
export async function detectPointers(root: string, files: CheckoutFile[]): Promise<Detection[]> {
  const small = files.filter((f) => f.size > 0 && f.size <= POINTER_SNIFF_SIZE && !isReferencePath(f.path));
  const found = await mapPool(small, 16, async (f) => {
    const content = await readSmall(path.join(root, ...f.path.split("/")), Math.min(f.size, POINTER_MAX_SIZE));
    if (!content) return undefined;
    const parsed = parsePointer(content, f.size);
    if (parsed.kind !== "pointer") return undefined;
    const size = Number(parsed.pointer.size);
    const detection: Detection = {
      rule: "lfs-missing-object",
      level: "block",
      path: f.path,
      size,
      message: rangeMessages.unsmudged(size),
      fix: rangeFixes.lfsPull(f.path),
    };
    return detection;
  });
  return found.filter((d): d is Detection => d !== undefined);
}

/**
 * Every `.ballast` reference: the file it stands for must be here, with the reference's
 * size, then its sha256 (streamed; size first, so a wrong file is caught without reading it).
 * A file that differs is someone's work (a model retrained in place): where git can run
 * (`checkout`), the fix keeps it by stowing it as the new version; in a build context
 * (`no-git`) the fix is `pull --force`, which keeps a copy of what it replaces.
 */
export async function detectReferenceProblems(root: string, references: CheckoutFile[], context: "checkout" | "no-git"): Promise<Detection[]> {
  const results = await mapPool(references, 4, async (r): Promise<Detection | undefined> => {
    const base = { rule: "unresolved-reference" as const, level: "block" as const, path: r.path };
    const text = r.size <= MAX_REFERENCE_BYTES ? await readSmall(path.join(root, ...r.path.split("/")), r.size) : undefined;
    const parsed = text ? parseReference(text) : { ok: false as const, reason: `is over ${MAX_REFERENCE_BYTES} bytes` };
    if (!parsed.ok) return { ...base, message: rangeMessages.invalidReference(parsed.reason), fix: rangeFixes.fixReference(r.path, parsed.reason) };
    const { sha256, size } = parsed.reference;
    const target = targetOf(r.path, parsed.reference);
    const file = path.join(root, ...target.split("/"));
    const info = await lstat(file).catch(() => undefined);
    if (!info) return { ...base, size, message: rangeMessages.stowedMissing(target), fix: rangeFixes.ballastPull(target) };
    // pull refuses to write through a symlink: the link goes first (what it points to stays).
    if (info.isSymbolicLink()) return { ...base, size, message: rangeMessages.stowedSymlink(target), fix: rangeFixes.replaceSymlink(target) };
    if (!info.isFile()) return { ...base, size, message: rangeMessages.stowedNotFile(target) + rangeMessages.moveAside(target) };
    const differs = (message: string): Detection =>
      context === "checkout"
        ? { ...base, size, message: message + rangeMessages.changedHere(target), fix: fixes.stow(target) }
        : { ...base, size, message, fix: fixes.pullForce(target) };
    if (info.size !== size) return differs(rangeMessages.stowedSize(target, info.size, size));
    if ((await hashFile(file)).sha256 !== sha256) return differs(rangeMessages.stowedHash(target));
    return undefined;
  });
  return results.filter((d): d is Detection => d !== undefined);
}

async function readSmall(file: string, size: number): Promise<Buffer | undefined> {
  const handle = await open(file, "r").catch(() => undefined);
  if (!handle) return undefined;
  try {
    const buffer = Buffer.alloc(size);
    const { bytesRead } = await handle.read(buffer, 0, size, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
