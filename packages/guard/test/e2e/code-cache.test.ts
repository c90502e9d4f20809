import { spawnSync } from "node:child_process";
import { cpSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { BALLAST_BIN, gitdir, tempDir } from "@ballast/test-utils";
import { describe, expect, it } from "vitest";

// dist/cli.cjs is loaded with V8's code cache, kept in dist/.cache/ (src/cli/code-cache.ts).
// Each case runs its own copy of the built dist, so the shared one's cache is not touched.

function copyOfDist(): { bin: string; cache: string } {
  const root = tempDir("ballast-code-cache-");
  const dist = path.join(root, "dist");
  cpSync(path.dirname(BALLAST_BIN), dist, { recursive: true, filter: (from) => !from.includes(`${path.sep}.cache`) });
  // The bundle's external packages (jiti, picomatch) resolve from here, as when installed.
  symlinkSync(path.resolve(path.dirname(BALLAST_BIN), "../node_modules"), path.join(root, "node_modules"));
  return { bin: path.join(dist, "bin.cjs"), cache: path.join(dist, ".cache") };
}

function run(bin: string, args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: result.status, output: result.stdout + result.stderr };
}

/** A repository with one staged text file. */
function repository(): string {
  const repo = gitdir();
  repo.write({ "notes.txt": "hello\n" });
  repo.git(["add", "notes.txt"]);
  return repo.dir;
}

describe("the code cache of dist/cli.cjs", () => {
  it("the build gave bin.cjs the bundle's id in place of the placeholder", () => {
    const bin = readFileSync(BALLAST_BIN, "utf8");
    expect(bin).not.toContain('"ballast-cli-build-id-unset-0000"');
    expect(bin).toMatch(/BUILD_ID = "[0-9a-f]{31}"/);
  });

  it("the first run writes it, later runs use it as it is, and the answers are the same", () => {
    const { bin, cache } = copyOfDist();
    const dir = repository();
    const first = run(bin, ["check"], dir);
    expect(first.code, first.output).toBe(0);
    const files = readdirSync(cache);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(new RegExp(`^check-[0-9a-f]{31}-${process.versions.v8.replace(/\./g, "\\.")}-${process.arch}\\.bin$`));
    const written = statSync(path.join(cache, files[0]!));
    const second = run(bin, ["check"], dir);
    expect(second).toEqual(first);
    // Accepted by V8, so not written again.
    expect(statSync(path.join(cache, files[0]!)).mtimeMs).toBe(written.mtimeMs);
    // Another command gets its own file.
    expect(run(bin, ["status"], dir).code).toBe(0);
    const now = readdirSync(cache);
    expect(now).toHaveLength(2);
    expect(now).toContain(files[0]);
    expect(now.find((n) => n !== files[0])).toMatch(/^cli-/);
  });

  it("a damaged cache is refused by V8 and written anew; the run is unaffected", () => {
    const { bin, cache } = copyOfDist();
    const dir = repository();
    const clean = run(bin, ["check"], dir);
    const [file] = readdirSync(cache);
    const good = readFileSync(path.join(cache, file!));
    writeFileSync(path.join(cache, file!), Buffer.alloc(good.length, 7));
    const again = run(bin, ["check"], dir);
    expect(again).toEqual(clean);
    expect(readFileSync(path.join(cache, file!)).equals(Buffer.alloc(good.length, 7))).toBe(false);
  });

  it("where the cache cannot be written, ballast runs without it and says nothing", () => {
    const { bin, cache } = copyOfDist();
    // A file where the folder should be: mkdir fails for any user, root included.
    writeFileSync(cache, "not a folder");
    const dir = repository();
    const result = run(bin, ["check"], dir);
    expect(result.code, result.output).toBe(0);
    expect(result.output).not.toMatch(/cache|EEXIST|ENOTDIR/i);
    expect(readFileSync(cache, "utf8")).toBe("not a folder");
    expect(readdirSync(path.dirname(cache)).filter((n) => n.startsWith(".cache."))).toEqual([]);
  });
});
