import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gitdir, hasGitLfs } from "@ballast/test-utils";
import { describe, expect, it } from "vitest";
import { lfsInclude } from "../../src/lfs/include.js";
import { shellQuote } from "../../src/util/shell.js";

// Every printed git-lfs fix names its file with `--include=` (git lfs pull, fetch, migrate
// import/export). git-lfs reads that as comma-separated wildmatch patterns, trimmed, and a
// pattern without a slash matches at any depth: the real git-lfs decides whether the
// pattern ballast prints takes the file, and only it.

const NAMES = [
  "plain.dat",
  "y.dat",
  "dir/y.dat",
  "[x].dat",
  "x.dat",
  "dir/[y].dat",
  "a,b.dat",
  "a*b.dat",
  "aXb.dat",
  "q?.dat",
  "qq.dat",
  "rb].dat",
  "back\\slash.dat",
  " lead.dat",
  "trail.dat ",
  "sp  ace.dat",
  "!bang.dat",
  "#hash.dat",
  "{a,b}.dat",
  "ü.dat",
  "tab\tname.dat",
  "new\nline.dat",
  "-dash.dat",
  "$(x).dat",
  "it's.dat",
];

/** Characters the pattern turns into "?" (it may then take a sibling that differs there). */
const LOOSE = /[,\\\t\n]|^ | $/;

function repo(lfs: boolean) {
  const r = gitdir({}, { commit: false });
  if (lfs) {
    r.git(["lfs", "install", "--local"]);
    // "*.dat*": "trail.dat " (a trailing space) is tracked too.
    writeFileSync(path.join(r.dir, ".gitattributes"), "*.dat* filter=lfs diff=lfs merge=lfs -text\n");
  }
  mkdirSync(path.join(r.dir, "dir"));
  for (const name of NAMES) writeFileSync(path.join(r.dir, name), `${name} ${"#".repeat(200)}\n`);
  r.git(["add", "-A"]);
  r.git(["commit", "-q", "--no-verify", "-m", "files"]);
  return r;
}

const sh = (command: string, cwd: string) => spawnSync("sh", ["-c", command], { cwd, encoding: "utf8" });

describe.skipIf(!hasGitLfs())("lfsInclude: the pattern a printed git-lfs fix names its file with (needs git-lfs)", () => {
  it("git lfs ls-files --include=PATTERN, run through sh as printed, takes the file, and no other unless the name has a character the pattern loosens", () => {
    const r = repo(true);
    for (const name of NAMES) {
      const run = sh(`git lfs ls-files --json --include=${shellQuote(lfsInclude(name))}`, r.dir);
      expect(run.status, run.stderr).toBe(0);
      const listed = ((JSON.parse(run.stdout) as { files: Array<{ name: string }> | null }).files ?? []).map((f) => f.name);
      expect(listed, `${JSON.stringify(name)} → ${lfsInclude(name)}`).toContain(name);
      if (!LOOSE.test(name)) expect(listed, `${JSON.stringify(name)} → ${lfsInclude(name)}`).toEqual([name]);
    }
  });

  it("git lfs migrate import --include=PATTERN makes the file a pointer that git's own .gitattributes lookup tracks (no untracked pointer left behind)", () => {
    const r = repo(false);
    for (const name of NAMES) {
      const run = sh(`git lfs migrate import --include=${shellQuote(lfsInclude(name))}`, r.dir);
      expect(run.status, `${name}: ${run.stderr}`).toBe(0);
      const attr = r.git(["check-attr", "-z", "filter", "--", name]).stdout.split("\0");
      expect(attr[2], `${JSON.stringify(name)} → ${lfsInclude(name)}: git's filter after the migrate`).toBe("lfs");
      expect(r.git(["cat-file", "-p", `HEAD:${name}`]).stdout, name).toMatch(/^version https:\/\/git-lfs\.github\.com\/spec\/v1\n/);
    }
  });
});
