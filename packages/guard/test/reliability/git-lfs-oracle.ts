import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { tempDir } from "@ballast/test-utils";

/** What the real git-lfs binary makes of a text. */
export interface LfsVerdict {
  /** git-lfs decodes it as a pointer (so it smudges it). */
  pointer: boolean;
  /** ...and it is byte for byte what git-lfs would write. */
  canonical: boolean;
}

/**
 * `git lfs pointer --check --strict --file F`: exit 0 a canonical pointer, 2 a pointer that
 * is not canonical, 1 not a pointer. The reference verdict, one process per text.
 */
export function checkOne(text: Buffer, dir = tempDir("ballast-lfs-check-")): LfsVerdict {
  const file = path.join(dir, "text");
  writeFileSync(file, text);
  const run = spawnSync("git", ["lfs", "pointer", "--check", "--strict", "--file", file], { cwd: dir, encoding: "utf8" });
  if (run.status !== 0 && run.status !== 1 && run.status !== 2) throw new Error(`git lfs pointer --check: ${run.status} ${run.stderr}`);
  return { pointer: run.status !== 1, canonical: run.status === 0 };
}

/**
 * Every text at once, with one `git lfs fsck --pointers`: the texts are committed (by one
 * `git fast-import`) as files under a `filter=lfs` folder; fsck names each path whose blob
 * git-lfs does not decode ("unexpectedGitObject"), and each decoded blob that is not
 * canonical ("nonCanonicalPointer"). fsck judges blobs with git-lfs's scanner, which skips
 * blobs of 1024 bytes or more, where `pointer --check` still decodes their first 1024
 * bytes: those few texts go to checkOne(). The test checks that both agree on a sample.
 */
export function checkMany(texts: Buffer[]): LfsVerdict[] {
  const dir = tempDir("ballast-lfs-fsck-");
  const git = (args: string[], input?: Buffer) => {
    const run = spawnSync("git", args, { cwd: dir, input, encoding: "utf8", maxBuffer: 1 << 28 });
    if (run.error) throw run.error;
    return run;
  };
  git(["init", "-q", "-b", "main", "."]);
  const name = (i: number) => `t/${String(i).padStart(5, "0")}`;
  const small = texts.map((t, i) => ({ t, i })).filter(({ t }) => t.length < 1024);
  const parts: Buffer[] = [];
  const attributes = Buffer.from("t/* filter=lfs diff=lfs merge=lfs -text\n");
  parts.push(Buffer.from(`blob\nmark :1\ndata ${attributes.length}\n`), attributes, Buffer.from("\n"));
  for (const { t, i } of small) parts.push(Buffer.from(`blob\nmark :${i + 2}\ndata ${t.length}\n`), t, Buffer.from("\n"));
  parts.push(Buffer.from("commit refs/heads/main\ncommitter oracle <oracle@ballast.invalid> 0 +0000\ndata 0\nM 100644 :1 .gitattributes\n"));
  for (const { i } of small) parts.push(Buffer.from(`M 100644 :${i + 2} ${name(i)}\n`));
  const imported = git(["fast-import", "--quiet"], Buffer.concat(parts));
  if (imported.status !== 0) throw new Error(`git fast-import: ${imported.stderr}`);

  const fsck = git(["lfs", "fsck", "--pointers", "refs/heads/main"]);
  if (fsck.status !== 0 && fsck.status !== 1) throw new Error(`git lfs fsck: ${fsck.status} ${fsck.stderr}`);
  const notPointer = new Set([...fsck.stdout.matchAll(/unexpectedGitObject: "([^"]+)"/g)].map((m) => m[1]!));
  const notCanonical = new Set([...fsck.stdout.matchAll(/nonCanonicalPointer: .*\(blob ([0-9a-f]{40})\)/g)].map((m) => m[1]!));
  if (fsck.status === 1 && notPointer.size + notCanonical.size === 0) throw new Error(`git lfs fsck said nothing readable: ${fsck.stdout}${fsck.stderr}`);

  return texts.map((t, i) => {
    if (t.length >= 1024) return checkOne(t, dir);
    const pointer = !notPointer.has(name(i));
    return { pointer, canonical: pointer && !notCanonical.has(blobId(t)) };
  });
}

/** git's object id for a blob (sha1 of "blob <size>\0" and the bytes). */
function blobId(content: Buffer): string {
  return createHash("sha1").update(`blob ${content.length}\0`).update(content).digest("hex");
}
