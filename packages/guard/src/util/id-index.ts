/**
 * Blob id → number, for the walk's "have I seen this blob?" (range/pairs.ts): a scan asks
 * it once per (path, blob), 111k times over 116k objects. A Map hashes every fresh id
 * string in full and chases its entries through memory (~0.5 µs a lookup in a profile of
 * that scan); ids are already random, so their first characters are hash enough, and an
 * open-addressed table of ints keeps the probes in one array.
 */
export class IdIndex {
  private table = new Int32Array(1024).fill(-1);
  private readonly keys: string[] = [];
  private readonly values: number[] = [];

  get size(): number {
    return this.keys.length;
  }

  get(key: string): number | undefined {
    const { table, keys } = this;
    const mask = table.length - 1;
    for (let at = hashOf(key) & mask; ; at = (at + 1) & mask) {
      const entry = table[at]!;
      if (entry < 0) return undefined;
      if (keys[entry] === key) return this.values[entry];
    }
  }

  /** Adds `key` (which must not be in the index yet). */
  add(key: string, value: number): void {
    if ((this.keys.length + 1) * 2 > this.table.length) this.grow();
    place(this.table, this.keys.length, hashOf(key));
    this.keys.push(key);
    this.values.push(value);
  }

  private grow(): void {
    const table = new Int32Array(this.table.length * 2).fill(-1);
    for (let entry = 0; entry < this.keys.length; entry++) place(table, entry, hashOf(this.keys[entry]!));
    this.table = table;
  }
}

function place(table: Int32Array, entry: number, hash: number): void {
  const mask = table.length - 1;
  let at = hash & mask;
  while (table[at]! >= 0) at = (at + 1) & mask;
  table[at] = entry;
}

/** FNV-1a over the first 12 characters: for hex ids, 48 random bits. */
function hashOf(key: string): number {
  let hash = 0x811c9dc5;
  const n = key.length < 12 ? key.length : 12;
  for (let i = 0; i < n; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}
