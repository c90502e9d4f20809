import { gitdir, pseudoRandom, type GitDir } from "@ballast/test-utils";

/** Canonical pointer text for a made-up object (`n` keeps each one distinct). */
export function pointer(n: number, size = 12_345 + n): string {
  return `version https://git-lfs.github.com/spec/v1\noid sha256:${n.toString(16).padStart(64, "0")}\nsize ${size}\n`;
}

/** Size and LFS findings only: `binary` would repeat `size` on random bytes. */
const CONFIG = { ".ballastrc.json": JSON.stringify({ rules: { binary: "off" } }) };
const LFS = "*.bin filter=lfs diff=lfs merge=lfs -text\n";

export const sha = (repo: GitDir, rev = "HEAD") => repo.git(["rev-parse", rev]).stdout.trim();

/**
 * main tracks *.bin with LFS and holds three pointers; the deploy branch drops the
 * tracking while the pointers stay, then adds two real .bin files (not LFS there, LFS on main).
 */
export function deployDroppedTracking() {
  const repo = gitdir({ ...CONFIG, ".gitattributes": LFS, "models/m1.bin": pointer(1), "models/m2.bin": pointer(2), "models/m3.bin": pointer(3) });
  repo.git(["checkout", "-q", "-b", "deploy"]);
  repo.git(["rm", "-q", ".gitattributes"]);
  const dropped = repo.commit("deploy: no lfs here");
  repo.commit("deploy: real weights", { "models/r1.bin": pseudoRandom(2_000, "r1"), "models/r2.bin": pseudoRandom(3_000, "r2") });
  repo.git(["checkout", "-q", "main"]);
  return { repo, dropped };
}

/** The same 3 MB blob under an allowed folder and as big.dat in one commit, then copied again later. */
export function allowedAndBlocked() {
  const big = pseudoRandom(3_000_000, "3mb");
  // The allowed copy sorts first: a walk that names each blob once would name it there.
  const repo = gitdir({ ".ballastrc.json": JSON.stringify({ allow: ["assets/**"], rules: { binary: "off" } }), "assets/x.dat": big, "big.dat": big });
  const added = sha(repo);
  const copied = repo.commit("copy", { "other/copy.dat": big });
  return { repo, added, copied };
}

/** assets/*.bin is LFS and assets/0.bin a pointer (already on the remote); then the same bytes as Dockerfile. */
export function pointerOnRemote() {
  const remote = gitdir({}, { bare: true });
  const repo = gitdir({ ...CONFIG, ".gitattributes": "assets/*.bin filter=lfs diff=lfs merge=lfs -text\n", "assets/0.bin": pointer(7) });
  repo.git(["remote", "add", "origin", remote.dir]);
  repo.git(["push", "-q", "--no-verify", "origin", "main"]);
  repo.write({ Dockerfile: pointer(7) });
  repo.git(["add", "Dockerfile"]);
  return { repo, remote };
}

/**
 * Attributes that change over time, nested and by macro:
 *   c1  top: *.bin LFS, a macro lfsfile; data/a.bin and docs/b.bin pointers
 *   c2  data/.gitattributes unsets filter for *.bin: data/a.bin is a pointer no longer tracked
 *   c3  data/c.bin real (fine in data/), docs/d.bin real (LFS there: not a pointer)
 *   c4  data/.gitattributes tracks *.psd instead: *.bin in data/ is LFS again, data/c.bin is not a pointer
 *   c5  art/x.psd a pointer, art/y.psd real: *.psd uses the macro
 */
export function nestedOverTime() {
  const top = `[attr]lfsfile filter=lfs diff=lfs merge=lfs -text\n${LFS}*.psd lfsfile\n`;
  const repo = gitdir({ ...CONFIG, ".gitattributes": top, "data/a.bin": pointer(11), "docs/b.bin": pointer(12) });
  const c2 = repo.commit("data: no lfs for bin", { "data/.gitattributes": "*.bin -filter\n" });
  const c3 = repo.commit("real files", { "data/c.bin": pseudoRandom(1_500, "c"), "docs/d.bin": pseudoRandom(1_600, "d") });
  const c4 = repo.commit("data: psd instead", { "data/.gitattributes": "*.psd filter=lfs\n" });
  const c5 = repo.commit("art", { "art/x.psd": pointer(13), "art/y.psd": pseudoRandom(1_700, "y") });
  return { repo, c2, c3, c4, c5 };
}

/** main has a real assets/logo.bin; a side branch starts tracking *.bin and adds a pointer; side is merged into main. */
export function mergeBringsTracking() {
  const repo = gitdir({ ...CONFIG, "README.md": "x\n" });
  const base = sha(repo);
  repo.commit("logo", { "assets/logo.bin": pseudoRandom(2_500, "logo") });
  repo.git(["checkout", "-q", "-b", "side", base]);
  repo.commit("track bin", { ".gitattributes": LFS, "assets/p.bin": pointer(21) });
  repo.git(["checkout", "-q", "main"]);
  repo.git(["merge", "-q", "--no-edit", "--no-verify", "side"]);
  return { repo, merge: sha(repo) };
}

/** One path, two big versions: 12 MB (over the block size), then 2 MB (over warn only). */
export function twoVersionsOnePath() {
  const repo = gitdir({ ...CONFIG, "data.bin": pseudoRandom(12_000_000, "v1") });
  const v1 = sha(repo);
  const v2 = repo.commit("smaller", { "data.bin": pseudoRandom(2_000_000, "v2") });
  return { repo, v1, v2 };
}

/**
 * Files git lists before a .gitattributes of the same commit: names that sort before
 * ".gitattributes" ("-", "#", "+", ".abc") at the top and in a folder with its own file.
 *   c1  tracks *.bin (top) and *.dat (sub/), and adds those files as real content
 *   c2  drops the top tracking and adds pointer text at "-p.bin" and ".0.bin"
 *   c3  tracks *.dat at the top and adds real content at "-r.dat" and a pointer at "-q.dat"
 */
export function namesBeforeAttributes() {
  const real = (n: string) => pseudoRandom(1_500, n);
  const repo = gitdir({
    ...CONFIG,
    ".gitattributes": LFS,
    "-first.bin": real("first"),
    "#notes.bin": real("notes"),
    "+plus.bin": real("plus"),
    ".abc.bin": real("abc"),
    "zeta.bin": real("zeta"),
    "sub/.gitattributes": "*.dat filter=lfs diff=lfs merge=lfs -text\n",
    "sub/-x.dat": real("x"),
    "sub/#y/z.dat": real("z"),
    "sub/w.dat": real("w"),
  });
  const c1 = sha(repo);
  const c2 = repo.commit("drop bin tracking", { ".gitattributes": "# nothing tracked\n", "-p.bin": pointer(31), ".0.bin": pointer(32) });
  const c3 = repo.commit("track dat", { ".gitattributes": "*.dat filter=lfs diff=lfs merge=lfs -text\n", "-r.dat": real("r"), "-q.dat": pointer(33) });
  return { repo, c1, c2, c3 };
}
