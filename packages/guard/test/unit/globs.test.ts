import picomatch from "picomatch";
import { describe, expect, it } from "vitest";
import { compileGlobs, gitignoreStyle, simpleMatcher } from "../../src/engine/policy.js";

// simpleMatcher() stands in for picomatch on the common glob shapes so a commit does not
// load picomatch; it must agree with picomatch on every path, or return undefined.
const OPTIONS = { dot: true, posix: true };

const GLOBS = [
  "**/*.pem", "**/*.tar.gz", "**/*.woff2", "**/*.a b", "**/*.", "**/.env", "**/id_rsa", "**/...", "**/a.b",
  "models/**", "models/sub/**", "docs/**/*.png", "models/**/*.tar.gz", "a/b.txt", "README.md", "./a", "../a",
  "docs/*.png", "**/*", "*.{js,ts}", "**/[ab].txt", "**/?.txt", "!**/*.pem", "src/**/test/*.ts", "**/*.PEM",
];

const PATHS = [
  ".pem", "a.pem", "x/.pem", "x/y/a.pem", "a.pem/b", "apem", "x/a.PEM", "a.pem.bak", ".env", "x/.env", "x/a.env",
  ".envx", "x/.env/y", "models", "models/", "models/a", "models/a.tar.gz", "models/x/y/a.tar.gz", "models/.tar.gz",
  "modelsx/a.tar.gz", "x/models/a.tar.gz", "models/sub", "models/sub/a", "docs/a.png", "docs/x/a.png", "docs/.png",
  "a/b.txt", "a/b.txtx", "x/a/b.txt", "README.md", "x/README.md", "a.tar.gz", "a b", "x/y.a b", "id_rsa", "k/id_rsa",
  "...", "x/...", "a.b", "a", "b.txt", "x/a.txt", "fonts/f.woff2", "f.woff2x", "a.js", "src/x/test/a.ts",
];

describe("simpleMatcher", () => {
  for (const glob of GLOBS) {
    const pattern = gitignoreStyle(glob);
    const simple = simpleMatcher(pattern);
    if (!simple) continue;
    it(`matches "${pattern}" exactly as picomatch does`, () => {
      const reference = picomatch(pattern, OPTIONS);
      for (const path of PATHS) expect([path, simple(path)]).toEqual([path, reference(path)]);
    });
  }

  it("leaves the shapes it does not know to picomatch", () => {
    for (const glob of ["*.{js,ts}", "**/[ab].txt", "**/?.txt", "!**/*.pem", "src/**/test/*.ts", "docs/*.png", "./a", "../a"]) {
      expect(simpleMatcher(gitignoreStyle(glob))).toBeUndefined();
    }
  });

  it("handles the presets' globs without picomatch", () => {
    for (const glob of ["**/*.woff", "**/*.woff2", "**/*.ico", "models/**/*.tar.gz", "**/*.pt", "**/*.safetensors", ".env", "*.pem"]) {
      expect(simpleMatcher(gitignoreStyle(glob))).toBeDefined();
    }
  });

  it("compileGlobs mixes simple and picomatch globs", () => {
    const match = compileGlobs(["*.pem", "*.{js,ts}"]);
    expect(["a.pem", "x/a.js", "b.ts", "c.txt"].map(match)).toEqual([true, true, true, false]);
  });
});
