import { gitdir } from "@ballast/test-utils";
import { describe, expect, it } from "vitest";
import { parseLsTree } from "../../src/git/parse.js";
import { checkReferencePath, formatReference, parseReference, targetOf } from "../../src/ref/format.js";
import { parseStoreUrl, redact, storeSetting } from "../../src/store/url.js";
import { objectKey } from "../../src/store/types.js";
import { gitignoreLine, gitignoreProblem, withGitignoreLine } from "../../src/util/gitignore.js";

const SHA = "c292623ec0878439f898db6c49c5b124937df615a004f0ab52221f268eb83c9d";

describe("reference files", () => {
  it("are written with a fixed key order, two-space JSON, LF and a final newline", () => {
    const text = formatReference({ ballast: 1, size: 42, sha256: SHA, path: "nlu.tar.gz" } as never);
    expect(text).toBe(`{\n  "ballast": 1,\n  "path": "nlu.tar.gz",\n  "sha256": "${SHA}",\n  "size": 42\n}\n`);
  });

  it("keep unknown fields, after the known ones, through a parse and a rewrite", () => {
    const parsed = parseReference(`{"note":"from ci","ballast":1,"size":42,"path":"x.onnx","sha256":"${SHA}","meta":{"a":[1]}}`);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.reference.extra).toEqual({ note: "from ci", meta: { a: [1] } });
    expect(Object.keys(JSON.parse(formatReference(parsed.reference)))).toEqual(["ballast", "path", "sha256", "size", "note", "meta"]);
  });

  it("refuses a newer format version with an upgrade hint", () => {
    const parsed = parseReference(`{"ballast":2,"path":"x","sha256":"${SHA}","size":1}`);
    expect(parsed).toMatchObject({ ok: false, upgrade: true });
  });

  it.each([
    ["not JSON", "{", /JSON/],
    ["an array", "[]", /object/],
    ["no version", `{"path":"x","sha256":"${SHA}","size":1}`, /version/],
    ["uppercase hex", `{"ballast":1,"path":"x","sha256":"${SHA.toUpperCase()}","size":1}`, /sha256/],
    ["short hex", `{"ballast":1,"path":"x","sha256":"abc","size":1}`, /sha256/],
    ["negative size", `{"ballast":1,"path":"x","sha256":"${SHA}","size":-1}`, /size/],
    ["fractional size", `{"ballast":1,"path":"x","sha256":"${SHA}","size":1.5}`, /size/],
    ["unsafe size", `{"ballast":1,"path":"x","sha256":"${SHA}","size":9007199254740993}`, /size/],
    ["a size as text", `{"ballast":1,"path":"x","sha256":"${SHA}","size":"1"}`, /size/],
    ["a path that leaves", `{"ballast":1,"path":"../../etc/passwd","sha256":"${SHA}","size":1}`, /leaves/],
    ["an absolute path", `{"ballast":1,"path":"/etc/passwd","sha256":"${SHA}","size":1}`, /absolute/],
    ["a path into .git", `{"ballast":1,"path":".git/hooks/pre-commit","sha256":"${SHA}","size":1}`, /\.git/],
    ["a path into .GIT", `{"ballast":1,"path":"sub/.GIT/config","sha256":"${SHA}","size":1}`, /\.git/],
    ["a newline in the path", `{"ballast":1,"path":"a\\nb","sha256":"${SHA}","size":1}`, /control/],
    ["a backslash path", `{"ballast":1,"path":"..\\\\x","sha256":"${SHA}","size":1}`, /backslash/],
  ])("refuses %s", (_name, text, reason) => {
    const parsed = parseReference(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(reason);
  });

  it("restore next to the reference", () => {
    expect(targetOf("models/x.tar.gz.ballast", { path: "x.tar.gz" })).toBe("models/x.tar.gz");
    expect(targetOf("x.pt.ballast", { path: "x.pt" })).toBe("x.pt");
    expect(checkReferencePath("sub/x.pt")).toBeUndefined();
  });
});

describe("object keys and store URLs", () => {
  it("lay objects out as sha256/ab/cd/<sha256>", () => {
    expect(objectKey(SHA)).toBe(`sha256/c2/92/${SHA}`);
  });

  it("resolve a relative file:// store against the config's folder", () => {
    expect(parseStoreUrl("file://../store", "/work/bot")).toMatchObject({ kind: "file", folder: "/work/store" });
    expect(parseStoreUrl({ url: "file:///srv/models" }, "/work/bot")).toMatchObject({ kind: "file", folder: "/srv/models" });
  });

  it("read bucket, prefix and S3 options from the URL or the config", () => {
    expect(parseStoreUrl("s3://my-bucket/team/models/?endpoint=http%3A%2F%2F127.0.0.1%3A9000&region=eu-west-1", "/")).toMatchObject({
      kind: "s3",
      bucket: "my-bucket",
      prefix: "team/models",
      endpoint: "http://127.0.0.1:9000",
      region: "eu-west-1",
      timeout: 30_000,
      url: "s3://my-bucket/team/models",
    });
    expect(parseStoreUrl({ url: "s3://b12", endpoint: "http://minio:9000", forcePathStyle: true, timeout: 500 }, "/")).toMatchObject({ prefix: "", forcePathStyle: true, timeout: 500 });
  });

  it.each([
    "s3://AKIAXXXX:s3cr3t@bucket/prefix",
    "s3://bucket/prefix?accessKeyId=AKIA",
    "s3://bucket/prefix?secretAccessKey=s3cr3t",
    "s3://bucket/prefix?X-Amz-Credential=x",
    "s3://bucket/p?endpoint=http%3A%2F%2Fuser%3Apass%40minio%3A9000",
    "file://user:pass@host/store",
  ])("refuses credentials in %s, without echoing them", (url) => {
    let error: { code?: string; message?: string; fix?: string } = {};
    try {
      parseStoreUrl(url, "/");
    } catch (e) {
      error = e as typeof error;
    }
    expect(error.code).toBe("CONFIG_INVALID");
    expect(error.message).toMatch(/credentials/);
    expect(error.message).not.toMatch(/s3cr3t|pass@|AKIA/);
    expect(error.fix).toMatch(/AWS SDK/);
  });

  it("refuses a URL it cannot use, with how to set one", () => {
    expect(() => parseStoreUrl("http://bucket", "/")).toThrow(/neither file/);
    expect(() => parseStoreUrl("s3://x/p", "/")).toThrow(/bucket name/);
    expect(() => parseStoreUrl("s3://bucket/p?endpont=x", "/")).toThrow(/unknown option/);
    expect(redact("s3://a:b@c/d?x=1")).toBe("s3://***@c/d?x=***");
  });

  it("let BALLAST_STORE override the config, relative to the current folder", () => {
    const configured = { url: "s3://cfg-bucket", endpoint: "http://minio:9000" };
    expect(storeSetting({ configured, configRoot: "/repo", env: {}, cwd: "/here" })).toEqual({ store: configured, root: "/repo", from: "config" });
    expect(storeSetting({ configured, configRoot: "/repo", env: { BALLAST_STORE: "file://store" }, cwd: "/here" })).toEqual({ store: "file://store", root: "/here", from: "BALLAST_STORE" });
    expect(storeSetting({ configured, configRoot: "/repo", env: { BALLAST_STORE: "s3://ci-bucket/x" }, cwd: "/here" })?.store).toEqual({ ...configured, url: "s3://ci-bucket/x" });
    expect(storeSetting({ configRoot: "/repo", env: {}, cwd: "/here" })).toBeUndefined();
  });
});

describe(".gitignore lines", () => {
  const names = [
    "models/plain.tar.gz",
    "models/with space.tar.gz",
    "models/trailing space ",
    "models/#hash.pt",
    "#top.pt",
    "!bang.pt",
    "models/!inner.pt",
    "models/[abc].pt",
    "models/star*.pt",
    "models/what?.pt",
    "models/back\\slash.pt",
    "models/ünïcödé.onnx",
  ];

  it("escape every special character", () => {
    expect(gitignoreLine("models/x.tar.gz")).toBe("/models/x.tar.gz");
    expect(gitignoreLine("a b[1]*?.pt")).toBe("/a\\ b\\[1\\]\\*\\?.pt");
    expect(gitignoreLine("#x")).toBe("/\\#x");
    expect(gitignoreLine("!x")).toBe("/\\!x");
  });

  it("ignore exactly the named file, as git itself reads them (git check-ignore)", () => {
    const repo = gitdir({});
    const decoys = ["models/withXspace.tar.gz", "models/a.pt", "models/star.pt", "models/whatX.pt", "top.pt", "bang.pt", "models/plain.tar.gz.ballast"];
    repo.write({ ".gitignore": names.map(gitignoreLine).join("\n") + "\n" });
    const check = (paths: string[]) =>
      repo.git(["check-ignore", "--no-index", "-z", "--stdin"], { input: paths.join("\0") + "\0", allowFail: true }).stdout.split("\0").filter(Boolean);
    expect(check(names).sort()).toEqual([...names].sort());
    expect(check(decoys)).toEqual([]);
  });

  it("refuse a name with a newline or another control character", () => {
    expect(gitignoreProblem("models/a\nb.pt")).toMatch(/newline/);
    expect(gitignoreProblem("models/a\rb.pt")).toMatch(/control/);
    expect(gitignoreProblem("models/ok.pt")).toBeUndefined();
  });

  it("append once, keeping CRLF files CRLF and adding a missing final newline", () => {
    expect(withGitignoreLine("", "/a")).toBe("/a\n");
    expect(withGitignoreLine("node_modules", "/a")).toBe("node_modules\n/a\n");
    expect(withGitignoreLine("x\r\n", "/a")).toBe("x\r\n/a\r\n");
    expect(withGitignoreLine("x\n/a\n", "/a")).toBe("x\n/a\n");
  });
});

describe("git ls-tree parsing", () => {
  it("reads captured -z output, names with tabs and newlines included", () => {
    const out = `100644 blob ${"a".repeat(40)}\tmodels/x.tar.gz.ballast\x00120000 blob ${"b".repeat(40)}\tlink\x00100644 blob ${"c".repeat(40)}\tweird\tname\n.ballast\x00`;
    expect(parseLsTree(out)).toEqual([
      { mode: "100644", type: "blob", object: "a".repeat(40), path: "models/x.tar.gz.ballast" },
      { mode: "120000", type: "blob", object: "b".repeat(40), path: "link" },
      { mode: "100644", type: "blob", object: "c".repeat(40), path: "weird\tname\n.ballast" },
    ]);
  });
});
