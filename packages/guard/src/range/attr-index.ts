import { createHash } from "node:crypto";

/** A regular file's mode in the index (100644). */
const MODE = 0o100644;

/**
 * A git index (version 2) holding only `entries` (path → blob id), as `git update-index
 * --index-info` would write it for `check-attr --cached`: one git process fewer, in series,
 * on every push whose attributes git must judge. Only what check-attr reads is filled in
 * (path, mode, object id; stat data zero, as for entries never checked out). The ids' length
 * says the repository's hash (40 hex: SHA-1, 64: SHA-256), which also sums the file.
 */
export function attrIndex(entries: Map<string, string>): Buffer {
  // git keeps entries sorted by their path's bytes (a prefix first) and reads no other order.
  const named = [...entries].map(([name, object]) => ({ name: Buffer.from(name, "utf8"), id: Buffer.from(object, "hex") }));
  named.sort((a, b) => Buffer.compare(a.name, b.name));
  const raw = named[0]?.id.length ?? 20;
  const parts: Buffer[] = [];
  const header = Buffer.alloc(12);
  header.write("DIRC", 0, "latin1");
  header.writeUInt32BE(2, 4);
  header.writeUInt32BE(named.length, 8);
  parts.push(header);
  for (const { name, id } of named) {
    // 40 bytes of stat data, the id, 2 bytes of flags, the path, then 1 to 8 NULs to a multiple of 8.
    const fixed = 40 + raw + 2;
    const entry = Buffer.alloc((fixed + name.length + 8) & ~7);
    entry.writeUInt32BE(MODE, 24);
    id.copy(entry, 40);
    entry.writeUInt16BE(Math.min(name.length, 0xfff), 40 + raw);
    name.copy(entry, fixed);
    parts.push(entry);
  }
  const body = Buffer.concat(parts);
  const sum = createHash(raw === 32 ? "sha256" : "sha1").update(body).digest();
  return Buffer.concat([body, sum]);
}
