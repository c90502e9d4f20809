import { gitdir } from "@ballast/test-utils";
import { describe, expect, it } from "vitest";
import { compileGlobs } from "../../src/engine/policy.js";

// Config globs (`forbidden`, `allow`, `redirect.files`, overrides) follow .gitignore
// intuition, and git is the oracle for that: the same glob as a .gitattributes line, asked
// with `git check-attr`, must match the same paths, odd names included (a newline, a tab,
// quotes, non-ASCII). Only globs whose meaning git shares are here (no braces, no "!").
const GLOBS = ["secrets/**", "**/*.pem", "*.pem", "docs/*.png", "**/?.txt", "**/[ab].txt", "src/**/test/*.ts", "**", "*", "models/**/*.tar.gz", ".env", "a/b.txt", "**/id_rsa", "data/*"];

const PATHS = [
  "secrets/a\nb", "secrets/x/y\nz.json", "secrets/plain", "secretsx/a", "a\n.pem", "x/key\n.pem", "x/.pem", "key.pem\n",
  "docs/a\tb.png", "docs/x/a.png", "\n.txt", "x/\n.txt", "a.txt", "x/b.txt", "src/a\nb/test/c.ts", "src/test/c.ts",
  "models/m\n1/x.tar.gz", "models/x.tar.gz", ".env", "x/.env", "x/.env\n", "a/b.txt", "x/a/b.txt", "k/id_rsa", "id_rsa\n",
  "ñandú/modèle ✓.pem", "日本語/長.pem", 'q/"quoted".pem', "q/'single'.pem", "data/a\nb", "data/x/y", "plain.txt",
  "x/KEY.PEM", "Secrets/a", "DOCS/a.png", "A/b.txt", ".ENV",
];

describe("config globs match what git's own patterns match", () => {
  it("every glob, as a .gitattributes line asked with git check-attr, on paths with newlines and other odd bytes", () => {
    const attributes = GLOBS.map((glob, i) => `${glob} g${i}`).join("\n");
    const repo = gitdir({ ".gitattributes": `${attributes}\n` });
    // core.ignorecase pinned off: ballast's globs are case-sensitive, as git's are on a case-sensitive file system.
    const out = repo.git(["-c", "core.ignorecase=false", "check-attr", "-z", "--stdin", ...GLOBS.map((_, i) => `g${i}`)], { input: `${PATHS.join("\0")}\0` }).stdout.split("\0");
    const git = new Map<string, boolean>();
    for (let at = 0; at + 2 < out.length; at += 3) git.set(`${out[at + 1]} ${out[at]}`, out[at + 2] === "set");
    let matched = 0;
    GLOBS.forEach((glob, i) => {
      const ours = compileGlobs([glob]);
      for (const path of PATHS) {
        const theirs = git.get(`g${i} ${path}`);
        expect(theirs, `git answered for ${JSON.stringify(path)}`).toBeDefined();
        if (theirs) matched++;
        expect([glob, path, ours(path)]).toEqual([glob, path, theirs]);
      }
    });
    // Not a check that never speaks: git matched many of the pairs, and not all.
    expect(matched).toBeGreaterThan(60);
    expect(matched).toBeLessThan(GLOBS.length * PATHS.length);
  });
});
