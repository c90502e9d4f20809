import { lstat } from "node:fs/promises";
import path from "node:path";
import { objectHeads } from "../git/catfile.js";
import { historyFixes, historyWords } from "../messages.js";
import { MAX_REFERENCE_BYTES, parseReference, targetOf } from "../ref/format.js";
import type { Finding } from "../report/types.js";
import { hashFile } from "../util/hash.js";

/**
 * `unresolved-reference` in a push: a committed reference whose bytes are in neither the
 * cache nor storage. Stowing the very same bytes again puts them in the cache, and the
 * push uploads them, which resolves the reference already committed too: so when the
 * file here is exactly those bytes (same size, same sha256) `ballast stow FILE` is the
 * fix. Any other file would make a new reference and leave the committed one unresolved,
 * so then the finding says in words which bytes are wanted.
 */
export async function referenceFixes(root: string, findings: Finding[]): Promise<void> {
  const wanted = findings.filter((f) => f.rule === "unresolved-reference" && f.object && f.severity === "error" && f.fix?.startsWith("put "));
  if (wanted.length === 0) return;
  const heads = await objectHeads(
    root,
    wanted.map((f) => ({ object: f.object!, bytes: MAX_REFERENCE_BYTES })),
  );
  for (const f of wanted) {
    const text = heads.get(f.object!);
    const parsed = text ? parseReference(text) : undefined;
    if (!parsed?.ok) continue;
    const { sha256, size } = parsed.reference;
    const target = targetOf(f.path, parsed.reference);
    const file = path.join(root, ...target.split("/"));
    const info = await lstat(file).catch(() => undefined);
    const same = info?.isFile() && info.size === size && (await hashFile(file)).sha256 === sha256;
    if (same) {
      f.fix = historyFixes.restow(target);
    } else {
      delete f.fix;
      f.message += historyWords.bytesWanted(target, sha256);
    }
  }
}
