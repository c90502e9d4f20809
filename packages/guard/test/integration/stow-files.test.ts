import { gitdir, pseudoRandom } from "@ballast/test-utils";
import { createHash } from "node:crypto";
import { appendFileSync, existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { stow } from "../../src/api/stow.js";
import { cacheDir, cachePath } from "../../src/cache/paths.js";

const sha = (data: Buffer) => createHash("sha256").update(data).digest("hex");
const CONFIG = { ".ballastrc.json": JSON.stringify({ extends: ["ml"] }) };

function repoWith(tree: Parameters<typeof gitdir>[0] = {}) {
  const repo = gitdir({ "README.md": "# bot\n", ...CONFIG, ...tree });
  const status = () => repo.git(["status", "--porcelain", "-z", "--untracked-files=all"]).stdout.split("\0").filter(Boolean).sort();
  const index = () => repo.git(["ls-files", "-s"]).stdout;
  return { repo, status, index };
}

describe("ballast stow (by hand)", () => {
  it("swaps a tracked model for its reference: cached, ignored, untracked, reference and .gitignore staged", async () => {
    const data = pseudoRandom(2_000_000, "pt");
    const { repo, status } = repoWith({ "models/net.pt": data });
    const report = await stow({ cwd: repo.dir, paths: ["models/net.pt"] });
    expect(report.stowed).toEqual([{ path: "models/net.pt", reference: "models/net.pt.ballast", sha256: sha(data), size: data.length }]);
    expect(JSON.parse(readFileSync(path.join(repo.dir, "models/net.pt.ballast"), "utf8"))).toEqual({ ballast: 1, path: "net.pt", sha256: sha(data), size: data.length });
    expect(readFileSync(path.join(repo.dir, ".gitignore"), "utf8")).toBe("/models/net.pt\n");
    expect(status()).toEqual(["A  .gitignore", "A  models/net.pt.ballast", "D  models/net.pt"]);
    // The file stays where it was (ignored now), and the cache holds its bytes.
    expect(readFileSync(path.join(repo.dir, "models/net.pt")).equals(data)).toBe(true);
    expect(readFileSync(cachePath(path.join(repo.dir, ".git"), sha(data))).equals(data)).toBe(true);
  });

  it("clears the temporaries a stow killed mid-write left beside .gitignore and the reference", async () => {
    const data = pseudoRandom(50_000, "pt");
    const { repo, status } = repoWith({ "models/net.pt": data });
    // What a SIGKILL between writing a temporary and renaming it leaves behind.
    repo.write({ "..gitignore.ballast-tmp-52d2d8688907": "/models/net.pt\n", "models/.net.pt.ballast.ballast-tmp-0a1b2c3d4e5f": "{" });
    await stow({ cwd: repo.dir, paths: ["models/net.pt"] });
    expect(status()).toEqual(["A  .gitignore", "A  models/net.pt.ballast", "D  models/net.pt"]);
    expect(readdirSync(repo.dir).filter((n) => n.includes("ballast-tmp"))).toEqual([]);
    expect(readdirSync(path.join(repo.dir, "models")).sort()).toEqual(["net.pt", "net.pt.ballast"]);
  });

  it("stows an untracked file, from a subfolder, and a second run changes nothing", async () => {
    const { repo, status } = repoWith();
    repo.write({ "bot/models/x.onnx": pseudoRandom(100_000, "onnx") });
    await stow({ cwd: path.join(repo.dir, "bot"), paths: ["models/x.onnx"] });
    const first = status();
    expect(first).toEqual(["A  .gitignore", "A  bot/models/x.onnx.ballast"]);
    const again = await stow({ cwd: repo.dir, paths: ["bot/models/x.onnx.ballast"] });
    expect(again.stowed.map((s) => s.path)).toEqual(["bot/models/x.onnx"]);
    expect(status()).toEqual(first);
    expect(readFileSync(path.join(repo.dir, ".gitignore"), "utf8")).toBe("/bot/models/x.onnx\n");
  });

  it("stages only its own .gitignore line, not unrelated unstaged edits", async () => {
    const { repo } = repoWith({ ".gitignore": "node_modules\n", "m.pt": pseudoRandom(1000) });
    repo.write({ ".gitignore": "node_modules\n# my local edit\n" });
    await stow({ cwd: repo.dir, paths: ["m.pt"] });
    expect(repo.git(["show", ":.gitignore"]).stdout).toBe("node_modules\n/m.pt\n");
    expect(readFileSync(path.join(repo.dir, ".gitignore"), "utf8")).toBe("node_modules\n# my local edit\n/m.pt\n");
  });

  it("keeps unknown fields of an existing reference when it restows", async () => {
    const data = pseudoRandom(1000, "k");
    const { repo } = repoWith({ "k.pt": data, "k.pt.ballast": JSON.stringify({ ballast: 1, path: "k.pt", sha256: "0".repeat(64), size: 1, owner: "ml-team" }) });
    await stow({ cwd: repo.dir, paths: ["k.pt"] });
    expect(JSON.parse(readFileSync(path.join(repo.dir, "k.pt.ballast"), "utf8"))).toEqual({ ballast: 1, path: "k.pt", sha256: sha(data), size: 1000, owner: "ml-team" });
  });

  it("handles names .gitignore must escape, and git agrees the file is ignored", async () => {
    const name = "models/#1 [best] *final*!.pt";
    const { repo } = repoWith();
    repo.write({ [name]: pseudoRandom(1000, "esc"), "models/1 b.pt": "decoy" });
    await stow({ cwd: repo.dir, paths: [name] });
    expect(repo.git(["check-ignore", "--no-index", "-q", "--", name], { allowFail: true }).status).toBe(0);
    expect(repo.git(["check-ignore", "--no-index", "-q", "--", "models/1 b.pt"], { allowFail: true }).status).toBe(1);
    expect(repo.git(["ls-files", "-z", "--", `${name}.ballast`]).stdout).toBe(`${name}.ballast\0`);
  });

  it("refuses a name .gitignore cannot express before changing anything", async () => {
    const name = "models/bad\nname.pt";
    const { repo, status, index } = repoWith();
    repo.write({ [name]: pseudoRandom(1000) });
    repo.git(["add", "--", name]);
    const [before, beforeIndex] = [status(), index()];
    await expect(stow({ cwd: repo.dir, paths: [name] })).rejects.toMatchObject({ code: "UNSAFE_PATH", message: expect.stringMatching(/newline/) });
    expect(status()).toEqual(before);
    expect(index()).toBe(beforeIndex);
    expect(existsSync(path.join(repo.dir, ".gitignore"))).toBe(false);
    expect(existsSync(cacheDir(path.join(repo.dir, ".git")))).toBe(false);
  });

  it("refuses a file that changes while it is hashed, and changes nothing", async () => {
    const { repo, status, index } = repoWith({ "grow.pt": pseudoRandom(3_000_000, "g") });
    const [before, beforeIndex] = [status(), index()];
    let touched = false;
    const run = stow({
      cwd: repo.dir,
      paths: ["grow.pt"],
      onProgress: () => {
        if (!touched) appendFileSync(path.join(repo.dir, "grow.pt"), "more bytes");
        touched = true;
      },
    });
    await expect(run).rejects.toMatchObject({ code: "IO", message: expect.stringMatching(/changed while it was being hashed/) });
    expect(status()).toEqual([...before, " M grow.pt"].sort());
    expect(index()).toBe(beforeIndex);
    expect(existsSync(path.join(repo.dir, "grow.pt.ballast"))).toBe(false);
    const objects = path.join(cacheDir(path.join(repo.dir, ".git")));
    const files = existsSync(objects) ? readdirSync(objects, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()) : [];
    expect(files).toEqual([]);
  });

  it("refuses symlinks, folders, missing files and paths outside the repository (exit-2 errors)", async () => {
    const { repo } = repoWith({ "real.pt": "x", "dir/a.pt": "y", link: { symlink: "real.pt" } });
    await expect(stow({ cwd: repo.dir, paths: ["link"] })).rejects.toMatchObject({ code: "BAD_ARGUMENTS" });
    await expect(stow({ cwd: repo.dir, paths: ["dir"] })).rejects.toMatchObject({ code: "BAD_ARGUMENTS" });
    await expect(stow({ cwd: repo.dir, paths: ["nope.pt"] })).rejects.toMatchObject({ code: "BAD_ARGUMENTS" });
    await expect(stow({ cwd: repo.dir, paths: ["../outside.pt"] })).rejects.toMatchObject({ code: "BAD_ARGUMENTS" });
    await expect(stow({ cwd: repo.dir, paths: [] })).rejects.toMatchObject({ code: "BAD_ARGUMENTS" });
  });

  it("turns a filesystem failure into a one-line IO error, and puts back what it wrote", async () => {
    const { repo, index } = repoWith({ "m.pt": pseudoRandom(1000, "io"), ".gitignore": "node_modules\n" });
    repo.write({ "m.pt.ballast/keep": "a folder where the reference should go" });
    const before = index();
    await expect(stow({ cwd: repo.dir, paths: ["m.pt"] })).rejects.toMatchObject({ code: "IO", message: expect.stringMatching(/^stowing m\.pt failed: /) });
    expect(index()).toBe(before);
    expect(readFileSync(path.join(repo.dir, ".gitignore"), "utf8")).toBe("node_modules\n");
  });

  it("stores the same model at two paths once in the cache", async () => {
    const data = pseudoRandom(500_000, "same");
    const { repo } = repoWith({ "a/m.pt": data, "b/m.pt": data });
    const report = await stow({ cwd: repo.dir, paths: ["a/m.pt", "b/m.pt"] });
    expect(new Set(report.stowed.map((s) => s.sha256)).size).toBe(1);
    const objects = readdirSync(path.join(cacheDir(path.join(repo.dir, ".git")), "sha256"), { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    expect(objects.map((e) => e.name)).toEqual([sha(data)]);
  });
});
