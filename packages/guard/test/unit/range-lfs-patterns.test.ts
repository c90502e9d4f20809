import picomatch from "picomatch";
import { describe, expect, it } from "vitest";
import { lfsCandidates, plainTests, widen } from "../../src/range/lfs-patterns.js";

const PATHS = ["README.md", "model.bin", "a/model.bin", "lfs/x/y.dat", "assets/art.psd", "other/art.psd", "Models/Big.ONNX", "docs/models/readme.md"];

describe("which paths a .gitattributes line naming lfs could reach (a generous pre-filter for check-attr)", () => {
  it("a name pattern matches at any depth below its folder", () => {
    expect(lfsCandidates([["", "*.bin filter=lfs diff=lfs merge=lfs -text\n"]], PATHS)).toEqual(["model.bin", "a/model.bin"]);
    expect(lfsCandidates([["assets", "*.psd filter=lfs -text\n"]], PATHS)).toEqual(["assets/art.psd"]);
  });

  it("a pattern with a slash is relative to its folder; a folder covers what is inside", () => {
    expect(lfsCandidates([["", "lfs/** filter=lfs\n"]], PATHS)).toEqual(["lfs/x/y.dat"]);
    expect(lfsCandidates([["", "/lfs filter=lfs\n"]], PATHS)).toEqual(["lfs/x/y.dat"]);
    // (git itself applies a folder pattern to no file; the pre-filter only has to cover what git might.)
    expect(lfsCandidates([["", "models/ filter=lfs\n"]], PATHS)).toEqual(["Models/Big.ONNX", "docs/models/readme.md"]);
  });

  it("widens rather than narrows: case-insensitive, and classes or escapes cover the folder", () => {
    expect(lfsCandidates([["", "*.onnx filter=lfs\n"]], PATHS)).toEqual(["Models/Big.ONNX"]);
    expect(widen("docs/", "[Mm]odels/*")).toEqual(["docs/**"]);
    expect(lfsCandidates([["docs", "[Mm]odels/* filter=lfs\n"]], PATHS)).toEqual(["docs/models/readme.md"]);
  });

  it("covers paths with a newline, as git's patterns do (picomatch's ** alone would stop at it)", () => {
    const odd = ["models/a\nb/m.bin", "models/x\n.bin", "other/y.bin"];
    // A "*" inside a name: picomatch decides, not the plain tests.
    expect(lfsCandidates([["", "models/**/m*.bin filter=lfs\n"]], [...odd, "models/a\nb/m\nx.bin"])).toEqual(["models/a\nb/m.bin", "models/a\nb/m\nx.bin"]);
    expect(lfsCandidates([["", "*.bin filter=lfs\n"]], odd)).toEqual(odd);
  });

  it("ignores comments, lines without lfs, and lfs in a comment; a macro naming lfs makes every path a candidate", () => {
    expect(lfsCandidates([["", "# *.md filter=lfs\n*.md text\n*.bin -text\n"]], PATHS)).toEqual([]);
    expect(lfsCandidates([["", "[attr]heavy filter=lfs diff=lfs merge=lfs -text\n*.bin heavy\n"]], PATHS)).toEqual(PATHS);
  });

  it("answers without picomatch exactly as picomatch would, for the patterns that allow it", () => {
    const patterns = ["*.bin", "*.BIN", "lfs/**", "/lfs", "models/", "models", "a/**/b.bin", "**/foo/**", "*.tar.gz", "*bin", "x y/*.psd", "/data/big.csv", "**/*.onnx", "deep/dir/**", "a.b", "-x", "*.", "lfs/**/*", "[Mm]odels/*", "*"];
    const segments = ["lfs", "LFS", "a", "b.bin", "x.BIN", ".bin", "models", "foo", "big.csv", "data", "x y", "k.psd", "t.tar.gz", "bin", "a.b", "-x", "sub", "deep", "dir", "m.onnx", "x."];
    // Every path of one to three of these segments, and some of four.
    const paths: string[] = [...segments];
    for (const a of segments) for (const b of segments) paths.push(`${a}/${b}`, `sub/${a}/${b}`, `a/b/${a}/${b}`);
    let plain = 0;
    for (const base of ["", "sub/", "a/b/"]) {
      for (const pattern of patterns) {
        const globs = widen(base, pattern);
        const tests = plainTests(globs);
        if (!tests) continue;
        plain++;
        const match = picomatch(globs, { dot: true, nocase: true });
        const differ = paths.filter((p) => match(p) !== tests.some((t) => t(p.toLowerCase())));
        expect(differ, `${base}|${pattern}`).toEqual([]);
      }
    }
    expect(plain).toBeGreaterThanOrEqual(45);
  });
});
