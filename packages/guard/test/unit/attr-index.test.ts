import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gitdir, tempDir } from "@ballast/test-utils";
import { describe, expect, it } from "vitest";
import { attrIndex } from "../../src/range/attr-index.js";

// Paths whose byte order differs from a naive string sort: "a-b/" before "a/" ("-" < "/"),
// a prefix before its longer names, non-ASCII, and a name over 8 bytes of padding steps.
const NAMES = ["1/lfs/.gitattributes", "0/.gitattributes", "1/.gitattributes", "1/a-b/.gitattributes", "1/a/.gitattributes", "2/modèle/.gitattributes", ".gitattributes", "3/a-very-long-folder-name-for-padding/x/.gitattributes"];

/** The index `git update-index --index-info` writes for the same entries: the oracle. */
function gitsIndex(dir: string, entries: Map<string, string>): Buffer {
  const file = path.join(tempDir("ballast-attr-index-"), "index");
  const input = [...entries].map(([name, object]) => `100644 ${object} 0\t${name}\0`).join("");
  const run = spawnSync("git", ["update-index", "-z", "--index-info"], { cwd: dir, input, env: { ...process.env, GIT_INDEX_FILE: file } });
  expect(run.status, run.stderr?.toString()).toBe(0);
  return readFileSync(file);
}

describe("the temporary attribute index, written by ballast", () => {
  it.each(["sha1", "sha256"])("is byte for byte what git update-index writes (%s), and check-attr reads it", (format) => {
    const repo = gitdir({}, { commit: false });
    // A repository of the other hash (object ids of 64 hex digits) in a folder of its own.
    const dir = format === "sha256" ? tempDir("ballast-sha256-") : repo.dir;
    const git = (args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}) => repo.git(args, { ...options, cwd: dir });
    if (format === "sha256") git(["init", "-q", "--object-format=sha256"]);
    const first = git(["hash-object", "-w", "--stdin"], { input: "*.bin filter=lfs diff=lfs merge=lfs -text\n" }).stdout.trim();
    const second = git(["hash-object", "-w", "--stdin"], { input: "*.pt filter=lfs\n" }).stdout.trim();
    const entries = new Map(NAMES.map((name) => [name, /modèle|^0/.test(name) ? second : first]));
    const ours = attrIndex(entries);
    expect(ours.equals(gitsIndex(dir, entries))).toBe(true);

    const file = path.join(tempDir("ballast-attr-index-"), "index");
    writeFileSync(file, ours);
    const attrs = git(["-c", "core.quotePath=false", "check-attr", "--cached", "filter", "--", "1/a/x.bin", "2/modèle/y.pt", "1/a/y.pt"], { env: { GIT_INDEX_FILE: file } }).stdout;
    expect(attrs).toContain("1/a/x.bin: filter: lfs");
    expect(attrs).toContain("1/a/y.pt: filter: unspecified");
    expect(attrs).toMatch(/modèle.*y\.pt.*: filter: lfs/);
  });
});
