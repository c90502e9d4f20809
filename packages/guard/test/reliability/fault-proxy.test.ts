import { pseudoRandom, startFaultProxy, startS3rver, type Fault, type FaultProxy, type S3rverHandle } from "@ballast/test-utils";
import http from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

/** The fault proxy itself, against a real s3rver: each fault does what it says. */
let s3: S3rverHandle;
let proxy: FaultProxy;
const DATA = pseudoRandom(200_000, "proxy");
const KEY = "/models/proxy/object.bin";

beforeAll(async () => {
  s3 = await startS3rver();
  proxy = await startFaultProxy(s3.endpoint);
  // Store one object through the proxy (s3rver checks no signatures).
  const put = await request("PUT", KEY, DATA);
  expect(put.status).toBe(200);
});
afterEach(() => {
  proxy.clear();
});
afterAll(async () => {
  await proxy?.close();
  await s3?.close();
});

interface Answer {
  status?: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  error?: string;
  ms: number;
}

/** A plain HTTP request through the proxy, collecting whatever arrives before an error. */
function request(method: string, path: string, body?: Buffer, timeout = 2000): Promise<Answer> {
  const started = Date.now();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const answer: Answer = { headers: {}, body: Buffer.alloc(0), ms: 0 };
    const done = (error?: string) => {
      answer.body = Buffer.concat(chunks);
      answer.ms = Date.now() - started;
      if (error) answer.error = error;
      resolve(answer);
    };
    const url = new URL(proxy.endpoint);
    const req = http.request({ host: url.hostname, port: url.port, method, path, headers: body ? { "content-length": body.length } : {} }, (res) => {
      answer.status = res.statusCode;
      answer.headers = res.headers;
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => done(res.complete ? undefined : "incomplete"));
      res.on("error", (e) => done((e as NodeJS.ErrnoException).code ?? e.message));
      res.on("aborted", () => done("aborted"));
    });
    req.setTimeout(timeout, () => req.destroy(Object.assign(new Error("timeout"), { code: "TIMEOUT" })));
    req.on("error", (e) => done((e as NodeJS.ErrnoException).code ?? e.message));
    req.end(body);
  });
}

const STATUS_CASES: Array<[Fault & { kind: "status" }, string]> = [
  [{ kind: "status", status: 403 }, "AccessDenied"],
  [{ kind: "status", status: 404 }, "NoSuchKey"],
  [{ kind: "status", status: 500 }, "InternalError"],
  [{ kind: "status", status: 503 }, "ServiceUnavailable"],
  [{ kind: "status", status: 429 }, "SlowDown"],
  [{ kind: "status", status: 429, retryAfter: "1" }, "SlowDown"],
  [{ kind: "status", status: 503, code: "SlowDown", retryAfter: "Wed, 21 Oct 2015 07:28:00 GMT" }, "SlowDown"],
];

describe("fault proxy", () => {
  it("passes requests untouched and counts them", async () => {
    const before = proxy.count();
    const got = await request("GET", KEY);
    expect(got.status).toBe(200);
    expect(got.body.equals(DATA)).toBe(true);
    expect(proxy.count()).toBe(before + 1);
    expect(proxy.requests.at(-1)).toMatchObject({ method: "GET", url: KEY, fault: "pass", status: 200 });
  });

  it.each(STATUS_CASES.map(([f, code]) => [`${f.status}${f.retryAfter ? ` Retry-After ${f.retryAfter}` : ""}`, f, code] as const))(
    "answers %s with an S3 error body, without asking the server",
    async (_, fault, code) => {
      proxy.fail(fault);
      const got = await request("GET", KEY);
      expect(got.status).toBe(fault.status);
      expect(got.body.toString()).toContain(`<Code>${code}</Code>`);
      expect(got.headers["retry-after"]).toBe(fault.retryAfter);
      const head = await request("HEAD", KEY);
      expect([head.status, head.body.length]).toEqual([fault.status, 0]);
    },
  );

  it("switches modes mid-test: the first two requests get 503, then everything passes", async () => {
    proxy.fail({ kind: "status", status: 503 }, { times: 2 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await request("GET", KEY)).status);
    expect(statuses).toEqual([503, 503, 200, 200]);
  });

  it("matches by method and path", async () => {
    proxy.fail({ kind: "status", status: 500 }, { method: "HEAD" }).fail({ kind: "status", status: 403 }, { path: /other/ });
    expect((await request("HEAD", KEY)).status).toBe(500);
    expect((await request("GET", KEY)).status).toBe(200);
    expect((await request("GET", "/models/other")).status).toBe(403);
  });

  it("reset: part of the body arrives, then the connection is reset", async () => {
    proxy.fail({ kind: "reset", after: 50_000 });
    const got = await request("GET", KEY);
    expect(got.status).toBe(200);
    expect(got.error).toBeDefined();
    expect(got.body.length).toBeLessThan(DATA.length);
  });

  it("short: the body ends before its Content-Length", async () => {
    proxy.fail({ kind: "short" });
    const got = await request("GET", KEY);
    expect(got.headers["content-length"]).toBe(String(DATA.length));
    expect(got.error).toBeDefined();
    expect(got.body.length).toBeLessThan(DATA.length);
  });

  it("corrupt: same length, one byte flipped", async () => {
    proxy.fail({ kind: "corrupt", at: 1234 });
    const got = await request("GET", KEY);
    expect(got.body.length).toBe(DATA.length);
    expect(got.body.equals(DATA)).toBe(false);
    expect(got.body[1234]).toBe(DATA[1234]! ^ 0xff);
  });

  it("oversize: extra bytes, with a Content-Length that admits them", async () => {
    proxy.fail({ kind: "oversize", extra: 10 });
    const got = await request("GET", KEY);
    expect(got.error).toBeUndefined();
    expect(got.body.length).toBe(DATA.length + 10);
    expect(got.body.subarray(0, DATA.length).equals(DATA)).toBe(true);
  });

  it("black hole: accepts and never answers (the client's own timeout ends it)", async () => {
    proxy.fail({ kind: "blackhole" });
    const got = await request("GET", KEY, undefined, 400);
    expect(got.error).toBe("TIMEOUT");
    expect(got.status).toBeUndefined();
    expect(got.ms).toBeGreaterThanOrEqual(390);
  });

  it("stall: headers and half the body, then silence with the connection open", async () => {
    proxy.fail({ kind: "stall" });
    const got = await request("GET", KEY, undefined, 400);
    expect(got.status).toBe(200);
    expect(got.error).toBe("TIMEOUT");
    expect(got.body.length).toBe(DATA.length / 2);
  });

  it("slow: answers correctly, late", async () => {
    proxy.fail({ kind: "slow", ms: 300 });
    const got = await request("GET", KEY);
    expect(got.body.equals(DATA)).toBe(true);
    expect(got.ms).toBeGreaterThanOrEqual(290);
  });

  it("truncate-request: the server stores a shorter object than was sent, and says 200", async () => {
    proxy.fail({ kind: "truncate-request", drop: 100 }, { method: "PUT" });
    const put = await request("PUT", "/models/proxy/short.bin", DATA);
    expect(put.status).toBe(200);
    const got = await request("GET", "/models/proxy/short.bin");
    expect(got.body.length).toBe(DATA.length - 100);
  });
});
