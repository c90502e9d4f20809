import { ballast, gitdir, installHook, pseudoRandom, startS3rverProcess, tempDir, type S3rverHandle } from "@ballast/test-utils";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const sha = (data: Buffer) => createHash("sha256").update(data).digest("hex");

let s3: S3rverHandle;
beforeAll(async () => {
  s3 = await startS3rverProcess();
});
afterAll(async () => {
  await s3?.close();
});

/** Logs every @aws-sdk module resolved by the ballast process (a loader hook through NODE_OPTIONS). */
function sdkLogger(): { env: NodeJS.ProcessEnv; loaded: () => string } {
  const dir = tempDir();
  const log = path.join(dir, "sdk.log");
  writeFileSync(log, "");
  const hooks = path.join(dir, "hooks.mjs");
  writeFileSync(hooks, `import { appendFileSync } from "node:fs";\nexport async function resolve(s, c, next) { if (s.includes("@aws-sdk")) appendFileSync(${JSON.stringify(log)}, s + "\\n"); return next(s, c); }\n`);
  const register = path.join(dir, "register.mjs");
  writeFileSync(register, `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
  return { env: { NODE_OPTIONS: `--import=${pathToFileURL(register).href}` }, loaded: () => readFileSync(log, "utf8") };
}

describe("push and pull through S3 (s3rver on 127.0.0.1)", () => {
  it("round trip of a 21 MB model, multipart, byte-identical in a fresh clone; the SDK loads only for storage", () => {
    const config = { extends: ["rasa"], store: { url: `s3://${s3.bucket}/bots/demo`, endpoint: s3.endpoint, forcePathStyle: true, region: "us-east-1" } };
    const repo = gitdir({ "README.md": "# bot\n", "ballast.config.json": JSON.stringify(config) });
    installHook(repo.dir, "pre-commit");
    const model = pseudoRandom(21_000_000, "s3 e2e");
    repo.write({ "models/nlu.tar.gz": model });
    repo.git(["add", "-A"]);
    const commitLog = sdkLogger();
    expect(repo.git(["commit", "-m", "model"], { env: { ...s3.env, ...commitLog.env }, allowFail: true }).status).toBe(0);
    expect(commitLog.loaded()).toBe("");

    const pushLog = sdkLogger();
    const pushed = ballast(["push", "--json"], { cwd: repo.dir, env: { ...s3.env, ...pushLog.env } });
    expect(pushed.code).toBe(0);
    expect(JSON.parse(pushed.stdout).summary).toMatchObject({ uploaded: 1, present: 0, store: `s3://${s3.bucket}/bots/demo` });
    expect(pushLog.loaded()).toContain("@aws-sdk/client-s3");
    // A second push finds it there (checked by size) and uploads nothing.
    expect(JSON.parse(ballast(["push", "--json"], { cwd: repo.dir, env: s3.env }).stdout).summary).toMatchObject({ uploaded: 0, present: 1 });

    const clone = path.join(tempDir(), "clone");
    repo.git(["clone", "-q", repo.dir, clone]);
    const pulled = ballast(["pull"], { cwd: clone, env: s3.env });
    expect(pulled.code).toBe(0);
    expect(sha(readFileSync(path.join(clone, "models/nlu.tar.gz")))).toBe(sha(model));
    const status = JSON.parse(ballast(["status", "--json"], { cwd: clone, env: s3.env }).stdout);
    expect(status.files[0]).toMatchObject({ local: "match", cached: true, stored: true });
  });

  it("BALLAST_STORE points a checkout without .git at S3", () => {
    const model = pseudoRandom(700_000, "ci");
    const repo = gitdir({ "ballast.config.json": JSON.stringify({ extends: ["rasa"] }) });
    repo.write({ "models/x.tar.gz": model });
    const store = s3.storeUrl("ci");
    expect(ballast(["stow", "models/x.tar.gz"], { cwd: repo.dir }).code).toBe(0);
    const pushed = ballast(["push"], { cwd: repo.dir, env: { ...s3.env, BALLAST_STORE: store } });
    expect(pushed.code, pushed.output).toBe(0);
    const context = tempDir();
    writeFileSync(path.join(context, "ballast.config.json"), JSON.stringify({ extends: ["rasa"] }));
    writeFileSync(path.join(context, "x.tar.gz.ballast"), readFileSync(path.join(repo.dir, "models/x.tar.gz.ballast")));
    const result = ballast(["pull"], { cwd: context, env: { ...s3.env, BALLAST_STORE: store } });
    expect(result.code, result.output).toBe(0);
    expect(sha(readFileSync(path.join(context, "x.tar.gz")))).toBe(sha(model));
  });

  it("a store URL with credentials is refused with exit 2 and the fix", () => {
    const repo = gitdir({ "ballast.config.json": "{}", "a.pt.ballast": JSON.stringify({ ballast: 1, path: "a.pt", sha256: "a".repeat(64), size: 1 }) });
    const result = ballast(["pull"], { cwd: repo.dir, env: { BALLAST_STORE: "s3://AKIAEXAMPLE:hunter2@models/x" } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/carries credentials/);
    expect(result.stderr).not.toContain("hunter2");
    expect(result.stderr).toMatch(/fix: .*AWS SDK/);
  });
});
