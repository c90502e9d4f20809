import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { Transform, type TransformCallback } from "node:stream";

/**
 * A fault-injecting HTTP proxy for storage tests: plain node:http on 127.0.0.1:0, placed
 * between the S3 client and s3rver. Each request is matched against the planned faults
 * in order; the first one that matches (and has uses left) decides what happens, and
 * everything else is forwarded untouched. Real sockets, real resets, real timeouts: the
 * SDK is never stubbed.
 */
export type Fault =
  /** Forward untouched (useful to let N requests through before a fault). */
  | { kind: "pass" }
  /** Answer with this status and an S3-style XML error, without asking the server. */
  | { kind: "status"; status: number; code?: string; retryAfter?: string }
  /** Forward, then reset the connection (TCP RST) after `after` bytes of the response body (default: half). */
  | { kind: "reset"; after?: number }
  /** Forward with the real Content-Length, send only half the body, then close cleanly. */
  | { kind: "short" }
  /** Forward, flipping one byte of the response body (same length, wrong content). */
  | { kind: "corrupt"; at?: number }
  /** Forward, with `extra` bytes appended to the body and Content-Length raised to match. */
  | { kind: "oversize"; extra?: number }
  /** Accept the request and never answer. */
  | { kind: "blackhole" }
  /** Forward headers and half the body, then go silent with the connection open. */
  | { kind: "stall" }
  /** Wait `ms` before forwarding. */
  | { kind: "slow"; ms: number }
  /** Forward a request body (a PUT or an upload part) with its last `drop` bytes cut off. */
  | { kind: "truncate-request"; drop: number };

export interface FaultMatch {
  /** HTTP method (GET, HEAD, PUT, POST …). */
  method?: string;
  /** A test on the request path + query (e.g. /uploadId=/). */
  path?: RegExp;
  /** How many matching requests get this fault (default: all). */
  times?: number;
}

export interface ProxiedRequest {
  method: string;
  url: string;
  fault: Fault["kind"];
  status?: number;
}

export interface FaultProxy {
  /** http://127.0.0.1:PORT: give this to the S3 client as its endpoint. */
  endpoint: string;
  /** Every request seen, in order, with the fault applied to it. */
  requests: ProxiedRequest[];
  /** Plan a fault for matching requests (appended after the faults already planned). */
  fail(fault: Fault, match?: FaultMatch): FaultProxy;
  /** Forget every planned fault: from now on everything passes. */
  clear(): FaultProxy;
  /** Requests seen so far, optionally only of one method. */
  count(method?: string): number;
  close(): Promise<void>;
}

interface Planned {
  fault: Fault;
  match: FaultMatch;
  left: number;
}

const ERROR_CODES: Record<number, string> = {
  400: "BadRequest",
  403: "AccessDenied",
  404: "NoSuchKey",
  429: "SlowDown",
  500: "InternalError",
  502: "BadGateway",
  503: "ServiceUnavailable",
  504: "GatewayTimeout",
};

/** Start a proxy in front of `target` (an http://127.0.0.1:PORT endpoint such as s3rver's). */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const planned: Planned[] = [];
  const requests: ProxiedRequest[] = [];
  const sockets = new Set<Socket>();

  const server = http.createServer((req, res) => {
    const fault = take(planned, req);
    const seen: ProxiedRequest = { method: req.method ?? "GET", url: req.url ?? "/", fault: fault.kind };
    requests.push(seen);
    switch (fault.kind) {
      case "blackhole":
        // Read the body so the client believes it was heard, then say nothing, ever.
        req.resume();
        return;
      case "status": {
        req.resume();
        seen.status = fault.status;
        const code = fault.code ?? ERROR_CODES[fault.status] ?? "Error";
        const body = req.method === "HEAD" ? "" : `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>injected by the fault proxy</Message><RequestId>fault</RequestId></Error>`;
        const headers: http.OutgoingHttpHeaders = { "content-type": "application/xml", "content-length": Buffer.byteLength(body), "x-amz-request-id": "fault" };
        if (fault.retryAfter !== undefined) headers["retry-after"] = fault.retryAfter;
        res.writeHead(fault.status, headers);
        res.end(body);
        return;
      }
      case "slow":
        setTimeout(() => forward(req, res, upstream, { kind: "pass" }, seen), fault.ms);
        return;
      default:
        forward(req, res, upstream, fault, seen);
    }
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const proxy: FaultProxy = {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    fail(fault, match = {}) {
      planned.push({ fault, match, left: match.times ?? Infinity });
      return proxy;
    },
    clear() {
      planned.length = 0;
      return proxy;
    },
    count: (method) => requests.filter((r) => !method || r.method === method).length,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return proxy;
}

function take(planned: Planned[], req: http.IncomingMessage): Fault {
  for (const p of planned) {
    if (p.left <= 0) continue;
    if (p.match.method && p.match.method.toUpperCase() !== req.method) continue;
    if (p.match.path && !p.match.path.test(req.url ?? "")) continue;
    p.left -= 1;
    return p.fault;
  }
  return { kind: "pass" };
}

function forward(req: http.IncomingMessage, res: http.ServerResponse, upstream: URL, fault: Fault, seen: ProxiedRequest): void {
  const headers = { ...req.headers, host: upstream.host };
  let body: NodeJS.ReadableStream = req;
  if (fault.kind === "truncate-request") {
    const length = Number(req.headers["content-length"] ?? NaN);
    if (Number.isFinite(length)) {
      const keep = Math.max(0, length - fault.drop);
      headers["content-length"] = String(keep);
      body = req.pipe(limitBytes(keep));
    }
  }
  const out = http.request(
    { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers },
    (answer) => {
      seen.status = answer.statusCode;
      const length = Number(answer.headers["content-length"] ?? NaN);
      const responseHeaders = { ...answer.headers };
      const hasBody = req.method !== "HEAD" && Number.isFinite(length) && length > 0;
      if (!hasBody || fault.kind === "pass" || fault.kind === "truncate-request") {
        res.writeHead(answer.statusCode ?? 502, responseHeaders);
        answer.pipe(res);
        return;
      }
      if (fault.kind === "oversize") {
        const extra = fault.extra ?? 1024;
        responseHeaders["content-length"] = String(length + extra);
        res.writeHead(answer.statusCode ?? 502, responseHeaders);
        answer.pipe(res, { end: false });
        answer.on("end", () => res.end(Buffer.alloc(extra, 0x41)));
        return;
      }
      res.writeHead(answer.statusCode ?? 502, responseHeaders);
      if (fault.kind === "corrupt") {
        answer.pipe(flipByte(fault.at ?? Math.floor(length / 2))).pipe(res);
        return;
      }
      // reset / short / stall: send part of the body, then cut (or fall silent).
      const after = fault.kind === "reset" ? (fault.after ?? Math.floor(length / 2)) : Math.floor(length / 2);
      let sent = 0;
      answer.on("data", (chunk: Buffer) => {
        if (sent >= after) return;
        const part = chunk.subarray(0, after - sent);
        sent += part.length;
        res.write(part);
        if (sent >= after) {
          answer.destroy();
          if (fault.kind === "stall") return;
          const socket = res.socket as (Socket & { resetAndDestroy?: () => void }) | null;
          if (fault.kind === "reset") setImmediate(() => (socket?.resetAndDestroy ? socket.resetAndDestroy() : socket?.destroy()));
          else setImmediate(() => socket?.end());
        }
      });
    },
  );
  out.on("error", () => res.destroy());
  req.on("aborted", () => out.destroy());
  body.pipe(out);
}

/** Pass only the first `limit` bytes, drop the rest. */
function limitBytes(limit: number): Transform {
  let passed = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      const room = Math.max(0, limit - passed);
      passed += chunk.length;
      callback(null, room > 0 ? chunk.subarray(0, room) : undefined);
    },
  });
}

/** Flip every bit of the byte at offset `at` of the stream. */
function flipByte(at: number): Transform {
  let offset = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      if (at >= offset && at < offset + chunk.length) {
        const copy = Buffer.from(chunk);
        copy[at - offset] = copy[at - offset]! ^ 0xff;
        chunk = copy;
      }
      offset += chunk.length;
      callback(null, chunk);
    },
  });
}
