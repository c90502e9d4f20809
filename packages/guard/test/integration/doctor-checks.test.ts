import { spawnSync } from "node:child_process";
import { createServer, type Server } from "node:net";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ballast, gitdir, tempDir } from "@ballast/test-utils";
import { afterEach, describe, expect, it } from "vitest";
import { botRepo, installBin } from "./init-fixture.js";

type Check = { id: string; status: string; detail: string; problems?: string[]; fix?: string };
const doctor = (cwd: string, env?: NodeJS.ProcessEnv) => {
  const result = ballast(["doctor", "--json"], { cwd, ...(env ? { env } : {}) });
  const checks = JSON.parse(result.stdout).checks as Check[];
  return { code: result.code, check: (id: string) => checks.find((c) => c.id === id)! };
};

let server: Server | undefined;
afterEach(() => {
  server?.close();
  server = undefined;
});

describe("ballast doctor", () => {
  it("is all ok in a repository set up by init, and exits 0", () => {
    const repo = botRepo({ "domain.yml": "x: 1\n", "config.yml": "x: 1\n" });
    expect(ballast(["init", "--no-install"], { cwd: repo.dir }).code).toBe(0);
    installBin(repo.dir);
    const result = ballast(["doctor"], { cwd: repo.dir });
    expect(result.code, result.output).toBe(0);
    for (const id of ["git", "git-lfs", "hooks", "config", "store", "cache"]) expect(result.stdout).toMatch(new RegExp(`ok\\s+${id}\\b`));
    expect(result.stdout).toContain("ballast is ready");
  });

  it("in a fresh clone before npm install: hooks fail with the install command", () => {
    const repo = botRepo({ ".husky/pre-commit": "ballast pre-commit\n" }, { scripts: { prepare: "husky" } });
    const { code, check } = doctor(repo.dir);
    expect(code).toBe(1);
    expect(check("hooks").status).toBe("fail");
    expect(check("hooks").fix).toBe("npm install");
  });

  it("lists every config problem", () => {
    const repo = gitdir({ ".ballastrc.json": JSON.stringify({ limits: { block: "ten" }, redirct: {}, rules: { size: "loud" } }) });
    const { code, check } = doctor(repo.dir);
    expect(code).toBe(1);
    const config = check("config");
    expect(config.status).toBe("fail");
    expect(config.problems!.length).toBeGreaterThanOrEqual(3);
    expect(config.problems!.join("\n")).toMatch(/redirct/);
    expect(config.problems!.join("\n")).toMatch(/rules\.size/);
    expect(check("store").detail).toContain("not checked");
  });

  it("honours core.hooksPath set by hand (no husky)", () => {
    const repo = gitdir({ ".ballastrc.json": "{}" });
    mkdirSync(path.join(repo.dir, "hooks"));
    writeFileSync(path.join(repo.dir, "hooks/pre-commit"), "#!/bin/sh\nexec ballast pre-commit\n", { mode: 0o755 });
    writeFileSync(path.join(repo.dir, "hooks/pre-push"), '#!/bin/sh\nexec ballast pre-push "$@"\n', { mode: 0o755 });
    expect(doctor(repo.dir).check("hooks").status).toBe("fail");
    repo.git(["config", "core.hooksPath", "hooks"]);
    const hooks = doctor(repo.dir).check("hooks");
    expect(hooks.status, hooks.detail).toBe("ok");
    expect(hooks.detail).toContain("hooks");
  });

  it("probes the store: a local folder answers, BALLAST_STORE overrides", () => {
    const store = tempDir("ballast-store-");
    const repo = gitdir({ ".ballastrc.json": JSON.stringify({ store: `file://${store}` }) });
    expect(doctor(repo.dir).check("store")).toMatchObject({ status: "ok", detail: `file://${store} answers` });
    const other = tempDir("ballast-other-");
    expect(doctor(repo.dir, { BALLAST_STORE: `file://${other}` }).check("store").detail).toContain("BALLAST_STORE");
  });

  it("gives up on an S3 endpoint that accepts and never answers, within its timeout", async () => {
    server = createServer(() => {
      /* accept, never answer */
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as { port: number }).port;
    const repo = gitdir({
      ".ballastrc.json": JSON.stringify({ store: { url: "s3://models/bot", endpoint: `http://127.0.0.1:${port}`, region: "us-east-1", forcePathStyle: true, timeout: 1500 } }),
    });
    const started = Date.now();
    const { code, check } = doctor(repo.dir, { AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test" });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(code).toBe(1);
    expect(check("store").status).toBe("fail");
    expect(check("store").fix).toBeTruthy();
  });

  it("a repository using LFS on a machine without git-lfs: fail, with how to install it", () => {
    // A PATH with git but not git-lfs (both usually sit in /usr/bin).
    const bin = tempDir("ballast-path-");
    symlinkSync(spawnSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).stdout.trim(), path.join(bin, "git"));
    const repo = gitdir({ ".gitattributes": "*.wav filter=lfs diff=lfs merge=lfs -text\n", ".ballastrc.json": "{}" });
    const { code, check } = doctor(repo.dir, { PATH: bin });
    expect(code).toBe(1);
    expect(check("git-lfs")).toMatchObject({ status: "fail" });
    expect(check("git-lfs").detail).toContain(".gitattributes");
    expect(check("git-lfs").fix).toContain("https://git-lfs.com");
    // Without LFS in .gitattributes, a missing git-lfs is fine.
    const plain = gitdir({ ".ballastrc.json": "{}" });
    expect(doctor(plain.dir, { PATH: bin }).check("git-lfs").status).toBe("ok");
  });

  it("reports the cache's size", () => {
    const repo = gitdir({ "README.md": "x\n" });
    const sha = "ab".repeat(32);
    const dir = path.join(repo.dir, ".git/ballast/objects/sha256/ab/ab");
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, sha), Buffer.alloc(1500));
    expect(doctor(repo.dir).check("cache").detail).toMatch(/^1 object, 1\.5 kB in \.git\/ballast\/objects/);
  });

  it("outside a repository: exit 2 with the fix", () => {
    const result = ballast(["doctor"], { cwd: tempDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("git init");
  });
});
