/**
 * "Did you mean": the known words closest to a mistyped one, as git and npm suggest a
 * command. Distance counts an insertion, a deletion, a substitution or a swap of two
 * neighbours as one edit (so `verfiy` is one edit from `verify`).
 */
export function closest(word: string, candidates: readonly string[]): string[] {
  const input = word.toLowerCase();
  // "-x" is one edit from every other short option: no guess says anything there.
  if (input.replace(/^-+/, "").length < 2) return [];
  // Up to a third of the word may be wrong (two edits at most): beyond that a guess is noise.
  const allowed = Math.min(2, Math.max(1, Math.floor(input.length / 3)));
  let best = Infinity;
  let found: string[] = [];
  for (const candidate of candidates) {
    const d = candidate.startsWith(input) && input.length >= 3 ? 0.5 : distance(input, candidate);
    if (d > allowed || d > best) continue;
    if (d < best) found = [];
    best = d;
    found.push(candidate);
  }
  return found;
}

/** Optimal string alignment distance (Damerau–Levenshtein without repeated edits of one span). */
export function distance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
    }
  }
  return rows[a.length]![b.length]!;
}

/** "verify", "pull or push", "pull, push or status". */
export function orList(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} or ${words[words.length - 1]}`;
}
