import type picomatchType from "picomatch";

/**
 * picomatch's matcher for `patterns` (any of them), but a path may hold a newline. git's
 * wildmatch lets `*` and `**` match any byte but "/", a newline too; picomatch builds `**`
 * from the regex `.`, which stops at a newline, so `secrets/**` would miss `secrets/a⏎b`
 * (a file git commits as readily as any other). Each pattern's regex is used with the `s`
 * flag; the rest is picomatch's own test (an empty path matches nothing; a path equal to
 * the pattern matches it).
 */
export function globMatcher(pm: typeof picomatchType, patterns: string[], options: picomatchType.PicomatchOptions): (path: string) => boolean {
  const regexes = patterns.map((pattern) => {
    const re = pm.makeRe(pattern, options);
    return new RegExp(re.source, re.flags.includes("s") ? re.flags : `${re.flags}s`);
  });
  return (path) => path !== "" && (patterns.includes(path) || regexes.some((re) => re.test(path)));
}
