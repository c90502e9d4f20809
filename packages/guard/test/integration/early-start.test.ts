import { gitdir } from "@ballast/test-utils";
import { once } from "node:events";
import { describe, expect, it } from "vitest";
import { lfsPathsInIndex } from "../../src/engine/staged.js";
import { BATCH_COMMAND_ARGS, CHECK_ATTR_CACHED_ARGS, CHECK_ATTR_PRIME, STAGED_DIFF_ARGS, WHOLE_OUTPUT_ENV } from "../../src/git/args.js";
import { discoverRepo } from "../../src/git/repo.js";
import { objectInfoThenHeads } from "../../src/git/catfile.js";
import { discardEarly, startEarly } from "../../src/git/early.js";
import { git } from "../../src/git/exec.js";
import { parseCheckAttr, parseRawDiff } from "../../src/git/parse.js";

// startEarly() lets the pre-commit hook start git before the rest of ballast loads. The
// danger is a hook that passes because the early process's output was lost: Node
// discards the unread output of a child that exits before anyone listens.

function stagedRepo(files: number) {
  const repo = gitdir({ "README.md": "hello\n" });
  const tree: Record<string, string> = {};
  for (let i = 0; i < files; i++) tree[`src/dir-${i % 50}/file with spaces ${i}.txt`] = `content ${i}\n`;
  repo.write(tree);
  repo.git(["add", "-A"]);
  return repo;
}

describe("git processes started early", () => {
  it("hands over all output of a process that exited before it was taken", async () => {
    // ~2,000 entries: far more than one pipe buffer (64 kB) of diff output.
    const repo = stagedRepo(2000);
    const expected = (await git(STAGED_DIFF_ARGS, { cwd: repo.dir })).stdout;
    expect(parseRawDiff(expected)).toHaveLength(2000);

    const child = startEarly([{ args: STAGED_DIFF_ARGS, stdin: false }], repo.dir)[0]!.child;
    await once(child, "exit");
    await new Promise((resolve) => setTimeout(resolve, 50));
    const taken = await git(STAGED_DIFF_ARGS, { cwd: repo.dir });
    expect(taken.stdout.equals(expected)).toBe(true);
  });

  it("hands over a process still running, and reports its failure like any other", async () => {
    const repo = stagedRepo(3);
    startEarly([{ args: ["cat-file", "-t", "0000000000000000000000000000000000000000"], stdin: false }], repo.dir);
    await expect(git(["cat-file", "-t", "0000000000000000000000000000000000000000"], { cwd: repo.dir })).rejects.toMatchObject({ code: "GIT_FAILED" });
  });

  it("serves cat-file --batch-command started before its input was known", async () => {
    const repo = stagedRepo(5);
    const child = startEarly([{ args: ["cat-file", "--batch-command", "--buffer"], stdin: true }], repo.dir)[0]!.child;
    const entries = parseRawDiff((await git(STAGED_DIFF_ARGS, { cwd: repo.dir })).stdout);
    const { info, heads } = await objectInfoThenHeads(
      repo.dir,
      entries.map((e) => e.dstObject),
      (found) => [...found.keys()].map((object) => ({ object, bytes: 7 })),
    );
    expect(info.size).toBe(5);
    expect([...heads.values()].map((h) => h.toString())).toEqual(expect.arrayContaining(["content"]));
    expect(child.exitCode).toBe(0);
  });

  it("is not used for other arguments or another folder, and is killed when nobody takes it", async () => {
    const repo = stagedRepo(3);
    const other = stagedRepo(1);
    const child = startEarly([{ args: ["cat-file", "--batch-command", "--buffer"], stdin: true }], repo.dir)[0]!.child;
    const diffHere = parseRawDiff((await git(STAGED_DIFF_ARGS, { cwd: other.dir })).stdout);
    expect(diffHere).toHaveLength(1);
    const { info } = await objectInfoThenHeads(other.dir, diffHere.map((e) => e.dstObject), () => []);
    expect(info.size).toBe(1);
    // Still waiting on its stdin: nobody took it.
    expect(child.exitCode).toBeNull();
    const exited = once(child, "exit");
    discardEarly();
    // It ends (stdin closed, then killed) instead of keeping the hook's process alive.
    await exited;
    expect(child.exitCode !== null || child.signalCode !== null).toBe(true);
  });

  it("starts a hook's three processes as one group, each answering and failing on its own", async () => {
    const repo = stagedRepo(20);
    repo.write({ ".gitattributes": "src/dir-1/** filter=lfs\n" });
    repo.git(["add", ".gitattributes"]);
    const bad = ["cat-file", "-e", "0000000000000000000000000000000000000000"];
    const [diff, catFile, failing, checkAttr] = startEarly(
      [
        { args: STAGED_DIFF_ARGS, stdin: false },
        { args: BATCH_COMMAND_ARGS, stdin: true },
        { args: bad, stdin: false },
        { args: CHECK_ATTR_CACHED_ARGS, stdin: true },
      ],
      repo.dir,
    ).map((e) => e.child);
    expect([diff, catFile, failing, checkAttr].every(Boolean)).toBe(true);
    // The failing one ends with its own exit code while the others keep running.
    await expect(git(bad, { cwd: repo.dir })).rejects.toMatchObject({ code: "GIT_FAILED" });
    expect(failing!.exitCode).toBe(1);
    expect(catFile!.exitCode).toBeNull();

    const entries = parseRawDiff((await git(STAGED_DIFF_ARGS, { cwd: repo.dir })).stdout);
    expect(entries).toHaveLength(21);
    const attrs = await git(CHECK_ATTR_CACHED_ARGS, { cwd: repo.dir, input: entries.map((e) => `${e.path}\0`).join("") });
    const lfs = [...parseCheckAttr(attrs.stdout)].filter(([, values]) => values.filter === "lfs").map(([path]) => path);
    expect(lfs).toHaveLength(entries.filter((e) => e.path.startsWith("src/dir-1/")).length);
    const { info } = await objectInfoThenHeads(repo.dir, entries.map((e) => e.dstObject), () => []);
    expect(info.size).toBe(21);
    expect(catFile!.exitCode).toBe(0);
  });

  it("a check-attr sent its first path at start answers the same as one started late", async () => {
    const repo = stagedRepo(12);
    repo.write({ ".gitattributes": "src/dir-1/** filter=lfs\n", "src/dir-2/.gitattributes": "*.txt filter=lfs\n" });
    repo.git(["add", "-A"]);
    const found = discoverRepo(repo.dir)!;
    const paths = parseRawDiff((await git(STAGED_DIFF_ARGS, { cwd: repo.dir })).stdout).map((e) => e.path);
    const late = await lfsPathsInIndex(found, paths);
    expect([...late].sort()).toEqual(paths.filter((p) => /^src\/dir-[12]\/.*\.txt$/.test(p)).sort());
    // As git/hook-start.ts starts it: with GIT_FLUSH=0, which lfsPathsInIndex asks for too.
    const [primed] = startEarly([{ args: CHECK_ATTR_CACHED_ARGS, stdin: true, prime: CHECK_ATTR_PRIME, env: WHOLE_OUTPUT_ENV }], repo.dir);
    expect((primed!.child as { primed?: string }).primed).toBe(CHECK_ATTR_PRIME);
    const early = await lfsPathsInIndex(found, paths);
    expect([...early].sort()).toEqual([...late].sort());
    expect(primed!.child.exitCode).toBe(0);
  });

  it("is taken only by a caller asking with the same extra environment, which the grouped git gets", async () => {
    const repo = stagedRepo(3);
    const script = `echo "$GIT_FLUSH"`;
    // git runs aliases starting with "!" through the shell: it shows the environment it got.
    const args = ["-c", `alias.env-probe=!${script}`, "env-probe"];
    const [flushed] = startEarly([{ args, stdin: false, env: WHOLE_OUTPUT_ENV }], repo.dir).map((e) => e.child);
    // Asked without the environment: the early process is not handed over.
    expect((await git(args, { cwd: repo.dir })).stdout.toString().trim()).toBe(process.env.GIT_FLUSH ?? "");
    expect((await git(args, { cwd: repo.dir, env: WHOLE_OUTPUT_ENV })).stdout.toString().trim()).toBe("0");
    expect(flushed!.exitCode).toBe(0);
    discardEarly();
  });
});
