import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { BALLAST_BIN, ballast, gitdir, pseudoRandom, tempDir } from "@ballast/test-utils";
import { describe, expect, it } from "vitest";
import { storedPath } from "./prepush-fixture.js";

// A stored copy whose bytes went bad but kept their size (a disk, a tampered bucket): pull
// refuses it, and a plain `ballast push` sees the object there (it checks the size) and
// uploads nothing. The printed fix, run on the machine that has the file, replaces it.
describe("a damaged copy in the store", () => {
  it("pull names it with a fix that uploads over it (push --force); the teammate's pull then restores the model", () => {
    const store = tempDir("ballast-store-");
    const origin = gitdir({ "README.md": "x\n", "ballast.config.json": JSON.stringify({ store: `file://${store}` }), ".gitignore": "node_modules/\n" });
    mkdirSync(path.join(origin.dir, "node_modules/.bin"), { recursive: true });
    writeFileSync(path.join(origin.dir, "node_modules/.bin/ballast"), `#!/bin/sh\nexec "${process.execPath}" "${BALLAST_BIN}" "$@"\n`, { mode: 0o755 });
    const model = pseudoRandom(3_000_000, "damaged-store");
    origin.write({ "models/a b.bin": model });
    expect(ballast(["stow", "models/a b.bin"], { cwd: origin.dir }).code).toBe(0);
    origin.commit("model");
    expect(ballast(["push"], { cwd: origin.dir }).code).toBe(0);
    const sha256 = JSON.parse(readFileSync(path.join(origin.dir, "models/a b.bin.ballast"), "utf8")).sha256 as string;
    // One byte changed in the store, the size the same.
    const stored = storedPath(store, sha256);
    const bytes = readFileSync(stored);
    bytes[10] = bytes[10]! ^ 0xff;
    writeFileSync(stored, bytes);

    const teammate = path.join(tempDir("ballast-clone-"), "bot");
    origin.git(["clone", "-q", origin.dir, teammate]);
    const run = ballast(["pull", "--json"], { cwd: teammate });
    expect(run.code).toBe(2);
    const { error } = JSON.parse(run.stdout) as { error: { code: string; message: string; fix: string } };
    expect(error.code).toBe("INTEGRITY");
    expect(error.fix).toBe("the stored copy is damaged or was tampered with: on a machine that has the right file, upload it over the damaged one: npx ballast stow 'models/a b.bin' && npx ballast push --force 'models/a b.bin'");
    // Why --force: a plain push finds it there and uploads nothing.
    expect(JSON.parse(ballast(["push", "--json"], { cwd: origin.dir }).stdout).summary).toMatchObject({ uploaded: 0, present: 1 });
    // The fix's command, on the machine that has the file.
    const command = error.fix.slice(error.fix.indexOf("npx ballast stow"));
    const fixed = spawnSync("sh", ["-c", command], { cwd: origin.dir, encoding: "utf8" });
    expect(fixed.status, fixed.stderr).toBe(0);
    const again = ballast(["pull"], { cwd: teammate });
    expect(again.code, again.stderr).toBe(0);
    expect(readFileSync(path.join(teammate, "models/a b.bin")).equals(model)).toBe(true);
  });

  it("one object missing and one damaged: pull still restores the rest, then names what it could not (exit 2)", () => {
    const store = tempDir("ballast-store-");
    const origin = gitdir({ "README.md": "x\n", "ballast.config.json": JSON.stringify({ store: `file://${store}` }) });
    const models = { "models/a.bin": pseudoRandom(500_000, "a"), "models/b.bin": pseudoRandom(500_000, "b"), "models/c.bin": pseudoRandom(500_000, "c") };
    origin.write(models);
    expect(ballast(["stow", ...Object.keys(models)], { cwd: origin.dir }).code).toBe(0);
    origin.commit("models");
    expect(ballast(["push"], { cwd: origin.dir }).code).toBe(0);
    const sha = (file: string) => JSON.parse(readFileSync(path.join(origin.dir, `${file}.ballast`), "utf8")).sha256 as string;
    rmSync(storedPath(store, sha("models/a.bin")));
    const damaged = readFileSync(storedPath(store, sha("models/b.bin")));
    damaged[7] = damaged[7]! ^ 0xff;
    writeFileSync(storedPath(store, sha("models/b.bin")), damaged);

    const teammate = path.join(tempDir("ballast-clone-"), "bot");
    origin.git(["clone", "-q", origin.dir, teammate]);
    const run = ballast(["pull"], { cwd: teammate });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^ballast: models\/a\.bin is not in the store .*; 1 more not restored either \(models\/b\.bin\); the other 1 file was restored$/m);
    expect(readFileSync(path.join(teammate, "models/c.bin")).equals(models["models/c.bin"])).toBe(true);
    expect(existsSync(path.join(teammate, "models/a.bin"))).toBe(false);
    expect(existsSync(path.join(teammate, "models/b.bin"))).toBe(false);
    // From the machine that has them, both uploaded again; the same pull then finishes.
    expect(ballast(["push", "--force"], { cwd: origin.dir }).code).toBe(0);
    expect(ballast(["pull"], { cwd: teammate }).code).toBe(0);
    expect(readFileSync(path.join(teammate, "models/b.bin")).equals(models["models/b.bin"])).toBe(true);
  });
});
