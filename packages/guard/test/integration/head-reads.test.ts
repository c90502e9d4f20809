import { execFileSync } from "node:child_process";
import { chmodSync, readFileSync, truncateSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ballast, gitdir, pseudoRandom, tempDir, type GitDir } from "@ballast/test-utils";
import { describe, expect, it } from "vitest";
import { objectHeads, objectInfoThenHeads } from "../../src/git/catfile.js";

/**
 * Judging never reads past a blob's head (SPEC, "How blobs are judged"). The proof needs
 * no clock: each big blob here is a loose object cut short after its first 256 kB, so git
 * can hand out its size and its head but fails on any read that goes further. A path
 * that read the whole blob would fail with "git cannot read"; a head-only read succeeds.
 */
const MIDDLE = 3_000_000; // between the binary limit (1 MB) and the block size (10 MB)
const OVER = 20_000_000; // over the block size: sized, never read
const KEEP = 256 * 1024;

/** Write `content` as a loose object, cut it short after KEEP bytes, stage it at `file`. */
function stageCutShort(repo: GitDir, file: string, content: Buffer): string {
  const source = path.join(tempDir(), "blob");
  writeFileSync(source, content);
  const object = repo.git(["hash-object", "-w", source]).stdout.trim();
  const loose = path.join(repo.dir, ".git", "objects", object.slice(0, 2), object.slice(2));
  chmodSync(loose, 0o644);
  truncateSync(loose, Math.min(KEEP, content.length));
  repo.git(["update-index", "--add", "--cacheinfo", `100644,${object},${file}`]);
  return object;
}

function cutShortRepo() {
  const repo = gitdir({ "README.md": "# bot\n" });
  const base = repo.git(["rev-parse", "HEAD"]).stdout.trim();
  const middle = pseudoRandom(MIDDLE, "middle");
  const objects = {
    middle: stageCutShort(repo, "models/middle.bin", middle),
    over: stageCutShort(repo, "models/over.bin", Buffer.alloc(OVER, 1)),
  };
  return { repo, base, middle, objects };
}

describe("a big blob is read only up to its head", () => {
  it("the fixture is real: reading the whole blob fails", () => {
    const { repo, objects } = cutShortRepo();
    const whole = repo.git(["cat-file", "blob", objects.middle], { allowFail: true });
    expect(whole.status).not.toBe(0);
    expect(repo.git(["cat-file", "-s", objects.middle]).stdout.trim()).toBe(String(MIDDLE));
  });

  it("objectHeads and objectInfoThenHeads return the first bytes of a blob git cannot read to its end", async () => {
    const { repo, middle, objects } = cutShortRepo();
    const small = repo.git(["rev-parse", "HEAD:README.md"]).stdout.trim();
    const heads = await objectHeads(repo.dir, [
      { object: objects.middle, bytes: 8000, size: MIDDLE },
      { object: small, bytes: 8000, size: 6 },
    ]);
    expect(heads.get(objects.middle)).toEqual(middle.subarray(0, 8000));
    expect(heads.get(small)?.toString()).toBe("# bot\n");

    const seen = new Map<string, Buffer>();
    const both = await objectInfoThenHeads(
      repo.dir,
      [objects.middle, small],
      (info) => [...info.values()].map((i) => ({ object: i.object, bytes: 8000 })),
      (object, head) => seen.set(object, Buffer.from(head)),
    );
    expect(both.info.get(objects.middle)?.size).toBe(MIDDLE);
    expect(seen.get(objects.middle)).toEqual(middle.subarray(0, 8000));
    expect(seen.get(small)?.toString()).toBe("# bot\n");
  });

  it("a big blob git does not have fails the read (fail closed), it is not skipped", async () => {
    const { repo } = cutShortRepo();
    await expect(objectHeads(repo.dir, [{ object: "1".repeat(40), bytes: 8000, size: MIDDLE }])).rejects.toMatchObject({ code: "GIT_FAILED" });
  });

  it("pre-commit, pre-push, scan --all and audit judge both blobs from their size and head alone", () => {
    const { repo, base } = cutShortRepo();
    const expected = ["error:binary:models/middle.bin", "error:size:models/over.bin"];
    const findings = (stdout: string) =>
      (JSON.parse(stdout) as { findings: Array<{ rule: string; severity: string; path: string }> }).findings.map((f) => `${f.severity}:${f.rule}:${f.path}`).sort();

    const check = ballast(["check", "--json"], { cwd: repo.dir });
    expect(check.code, check.output).toBe(1);
    expect(findings(check.stdout)).toEqual(expected);
    expect(ballast(["pre-commit"], { cwd: repo.dir }).output).not.toMatch(/cannot read/);

    repo.git(["commit", "-q", "--no-verify", "-m", "models"]);
    const tip = repo.git(["rev-parse", "HEAD"]).stdout.trim();
    const push = ballast(["pre-push", "origin", "/nowhere", "--json"], { cwd: repo.dir, input: `refs/heads/main ${tip} refs/heads/main ${base}\n` });
    expect(push.code, push.output).toBe(1);
    expect(findings(push.stdout)).toEqual(expected);

    const scan = ballast(["scan", "--all", "--json"], { cwd: repo.dir });
    expect(scan.code, scan.output).toBe(1);
    expect(findings(scan.stdout)).toEqual(expected);

    const audit = ballast(["audit", "--json"], { cwd: repo.dir });
    expect(audit.code, audit.output).toBe(0);
    const largest = (JSON.parse(audit.stdout) as { audit: { largest: Array<{ path: string; kind: string }> } }).audit.largest;
    expect(largest.slice(0, 2)).toEqual([
      expect.objectContaining({ path: "models/over.bin", kind: "text" }),
      expect.objectContaining({ path: "models/middle.bin", kind: "binary" }),
    ]);
  });

  it("over 1,024 heads, objectInfoThenHeads reads them through files, each exactly as git has it", async () => {
    const repo = gitdir({ "README.md": "# bot\n" });
    const tree: Record<string, string | Buffer> = {};
    for (let i = 0; i < 1500; i++) tree[`data/${i % 40}/f ${i}.txt`] = i % 3 === 0 ? pseudoRandom(1 + ((i * 37) % 3000), `b${i}`) : `text ${i}\n`.repeat(1 + (i % 200));
    repo.write(tree);
    repo.git(["add", "-A"]);
    const entries = repo.git(["diff", "--cached", "--raw", "-z", "--no-abbrev"]).stdout.split("\0").filter((f) => f.startsWith(":")).map((f) => f.split(" ")[3]!);
    expect(entries).toHaveLength(1500);
    // git's own answer: every blob whole, from one cat-file --batch.
    const whole = new Map<string, Buffer>();
    const raw = execFileSync("git", ["cat-file", "--batch"], { cwd: repo.dir, input: `${entries.join("\n")}\n`, maxBuffer: 1 << 28 });
    for (let at = 0; at < raw.length; ) {
      const newline = raw.indexOf(10, at);
      const [object, , size] = raw.toString("latin1", at, newline).split(" ");
      whole.set(object!, raw.subarray(newline + 1, newline + 1 + Number(size)));
      at = newline + 1 + Number(size) + 1;
    }
    const seen = new Map<string, Buffer>();
    const { info } = await objectInfoThenHeads(
      repo.dir,
      entries,
      (found) => [...found.values()].map((i) => ({ object: i.object, bytes: 1024 })),
      (object, head) => seen.set(object, Buffer.from(head)),
    );
    expect(info.size).toBe(new Set(entries).size);
    const wrong = [...new Set(entries)].filter((object) => !seen.get(object)?.equals(whole.get(object)!.subarray(0, 1024)));
    expect(wrong).toEqual([]);
  });

  it("pre-commit of 1,500 staged files (heads through files) blocks the pointer text and the binary among them", () => {
    const repo = gitdir({ "README.md": "# bot\n" });
    const tree: Record<string, string | Buffer> = {};
    for (let i = 0; i < 1500; i++) tree[`src/${i % 30}/file ${i}.txt`] = `line ${i}\n`.repeat(1 + (i % 50));
    tree["deploy/Dockerfile"] = `version https://git-lfs.github.com/spec/v1\noid sha256:${"4".repeat(64)}\nsize 1234\n`;
    tree["models/weights.bin"] = pseudoRandom(2_000_000, "w");
    repo.write(tree);
    repo.git(["add", "-A"]);
    const run = ballast(["pre-commit"], { cwd: repo.dir });
    expect(run.code, run.output).toBe(1);
    expect(run.output).toMatch(/lfs-pointer-untracked \(1\)\n\s+✖ deploy\/Dockerfile /);
    expect(run.output).toMatch(/binary \(1\)\n\s+✖ models\/weights\.bin /);
    expect(run.output).toMatch(/2 errors, 0 warnings in 1502 files staged/);
  });

  it("a history of over 8,192 small blobs is read by two head readers (git/head-batch.ts through files), and each head is judged at its own path", () => {
    const repo = gitdir({ "README.md": "# bot\n" });
    const tree: Record<string, string | Buffer> = {};
    const pointerText = (n: number) => `version https://git-lfs.github.com/spec/v1\noid sha256:${String(n).repeat(64).slice(0, 64)}\nsize ${n}\n`;
    for (let i = 0; i < 9000; i++) tree[`data/${String(i).padStart(5, "0")}.txt`] = `file ${i}\n`.repeat(1 + (i % 7));
    repo.write(tree);
    repo.git(["add", "-A"]);
    repo.git(["commit", "-q", "--no-verify", "-m", "many"]);
    // A clean history: git's own trace names each cat-file --batch it ran, and there are two.
    const trace = path.join(tempDir(), "trace");
    const clean = ballast(["scan", "--all", "--json"], { cwd: repo.dir, env: { GIT_TRACE: trace } });
    expect(clean.code, clean.output).toBe(0);
    expect(readFileSync(trace, "utf8").split("\n").filter((l) => /built-in: git cat-file --batch --buffer$/.test(l))).toHaveLength(2);

    // Pointer text (and text that nearly is) changed into files past the 8,192nd head, where
    // the readers alternate in runs of 256: a head handed to the wrong pair shows at once.
    const planted: Record<string, string> = { "zz/Dockerfile": pointerText(1) };
    for (const i of [7, 4007, 8300, 8500, 8700, 8999]) planted[`data/${String(i).padStart(5, "0")}.txt`] = i % 2 ? pointerText(i).replace("oid ", "oid: ") : pointerText(i);
    repo.commit("pointers", planted);
    const scan = ballast(["scan", "--all", "--json"], { cwd: repo.dir });
    expect(scan.code, scan.output).toBe(1);
    const report = JSON.parse(scan.stdout) as { findings: Array<{ rule: string; path: string }>; summary: { checked: number } };
    expect(report.findings.map((f) => `${f.rule} ${f.path}`).sort()).toEqual([
      "lfs-malformed data/00007.txt",
      "lfs-malformed data/04007.txt",
      "lfs-malformed data/08999.txt",
      "lfs-pointer-untracked data/08300.txt",
      "lfs-pointer-untracked data/08500.txt",
      "lfs-pointer-untracked data/08700.txt",
      "lfs-pointer-untracked zz/Dockerfile",
    ]);
    expect(report.summary.checked).toBe(9001 + 7);
  });
});
