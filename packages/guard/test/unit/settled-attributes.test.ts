import { gitdir } from "@ballast/test-utils";
import { describe, expect, it } from "vitest";
import { settledAttributes } from "../../src/range/source.js";
import { IdIndex } from "../../src/util/id-index.js";

// Names around ".gitattributes" in byte order, plain and odd: each is used as a file and
// as a folder, at the top and below "sub/", with a .gitattributes in every folder.
const NAMES = ["-x", "#a", "+p", "!b", " sp", "(1)", ",c", ".abc", ".gitattribute", ".gitattributes2", ".git-x", ".github", ".z", "0", "A", "_u", "a", "zeta", "~t", "é", "日本"];

describe("settledAttributes: a path comes after every .gitattributes that can apply to it (git is the oracle)", () => {
  it("agrees with the order `git diff-tree -r` lists a commit's paths in", () => {
    const repo = gitdir();
    const blob = repo.git(["hash-object", "-w", "--stdin"], { input: "x\n" }).stdout.trim();
    // Each name as a file at the top and in sub/, and as a folder (with its own
    // .gitattributes) in dirs/: a folder's name compares as if followed by "/".
    const paths = [".gitattributes", "sub/.gitattributes", "dirs/.gitattributes"];
    for (const name of NAMES) paths.push(name, `sub/${name}`, `dirs/${name}/f`, `dirs/${name}/.gitattributes`, `dirs/${name}/${name}`);
    repo.git(["update-index", "--add", "-z", "--index-info"], { input: paths.map((p) => `100644 ${blob}\t${p}\0`).join("") });
    const tree = repo.git(["write-tree"]).stdout.trim();
    const empty = repo.git(["hash-object", "-t", "tree", "--stdin"], { input: "" }).stdout.trim();
    const listed = repo.git(["diff-tree", "-r", "-z", "--name-only", empty, tree]).stdout.split("\0").filter(Boolean);
    expect(listed.length).toBe(paths.length);

    const at = new Map(listed.map((p, i) => [p, i]));
    const wrong: string[] = [];
    for (const p of listed) {
      // git's answer: every folder above p has a .gitattributes here; all of them come first.
      const parts = p.split("/");
      let settled = true;
      for (let depth = 0; depth < parts.length; depth++) {
        const attributes = [...parts.slice(0, depth), ".gitattributes"].join("/");
        const index = at.get(attributes);
        if (index !== undefined && index > at.get(p)!) settled = false;
      }
      if (settledAttributes(p) !== settled) wrong.push(`${JSON.stringify(p)}: git ${settled}`);
    }
    expect(wrong).toEqual([]);
    // Both answers occur, or the comparison proves little.
    expect(listed.some((p) => settledAttributes(p))).toBe(true);
    expect(listed.some((p) => !settledAttributes(p))).toBe(true);
  });
});

describe("IdIndex", () => {
  it("finds what was added, and nothing else, across growth and shared prefixes", () => {
    const index = new IdIndex();
    const ids = Array.from({ length: 5000 }, (_, i) => `${(i % 7).toString(16).repeat(12)}${i.toString(16).padStart(28, "0")}`);
    ids.forEach((id, i) => index.add(id, i));
    expect(index.size).toBe(5000);
    expect(ids.every((id, i) => index.get(id) === i)).toBe(true);
    expect(index.get(`${"f".repeat(12)}${"0".repeat(28)}`)).toBeUndefined();
    expect(index.get("HEAD:x")).toBeUndefined();
  });
});
