import type { StoreOptions } from "@ballast/config";
import path from "node:path";
import { BallastError } from "../errors.js";
import { fixes, storageWords } from "../messages.js";

/** Where a store lives, parsed from its URL and options. */
export type StoreLocation =
  | { kind: "file"; url: string; folder: string }
  | { kind: "s3"; url: string; bucket: string; prefix: string; region?: string; endpoint?: string; forcePathStyle?: boolean; timeout: number };

/** Milliseconds before a storage request is given up, unless `store.timeout` says otherwise. */
export const DEFAULT_TIMEOUT_MS = 30_000;

const CREDENTIAL_PARAM_RE = /key|secret|token|credential|signature|password|passwd|auth/i;
const S3_PARAMS = new Set(["endpoint", "region", "forcePathStyle", "timeout"]);

/**
 * Parse a store URL (`file://PATH`, `s3://bucket/prefix?endpoint=…&region=…&forcePathStyle=true`)
 * plus options. `file://` paths that are relative resolve against `root`. A URL carrying
 * credentials (user:password@, access keys in the query) is refused: credentials come from
 * the AWS SDK's own chain, never from a repository or a URL that ends up in logs.
 */
export function parseStoreUrl(input: string | StoreOptions, root: string): StoreLocation {
  const options: StoreOptions = typeof input === "string" ? { url: input } : input;
  const url = options.url.trim();
  if (url.startsWith("file://")) {
    const rest = url.slice("file://".length);
    if (/^[^/]*:[^/]*@/.test(rest)) throw credentialsError(url);
    if (!rest) throw badUrl(url, storageWords.url.noFolder);
    const folder = path.resolve(root, rest);
    return { kind: "file", url: `file://${folder}`, folder };
  }
  if (url.startsWith("s3://")) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw badUrl(url, storageWords.url.notUrl);
    }
    if (parsed.username || parsed.password) throw credentialsError(url);
    for (const key of parsed.searchParams.keys()) {
      if (CREDENTIAL_PARAM_RE.test(key) && key !== "forcePathStyle") throw credentialsError(url);
      if (!S3_PARAMS.has(key)) throw badUrl(url, storageWords.url.unknownOption(key, [...S3_PARAMS]));
    }
    const bucket = parsed.hostname;
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) throw badUrl(url, storageWords.url.badBucket(bucket));
    const prefix = decodeURIComponent(parsed.pathname).replace(/^\/+|\/+$/g, "");
    const q = parsed.searchParams;
    const endpoint = q.get("endpoint") ?? options.endpoint;
    if (endpoint) {
      let e: URL;
      try {
        e = new URL(endpoint);
      } catch {
        throw badUrl(url, storageWords.url.badEndpoint(endpoint));
      }
      if (e.username || e.password) throw credentialsError(endpoint);
    }
    const timeout = Number(q.get("timeout") ?? options.timeout ?? DEFAULT_TIMEOUT_MS);
    if (!Number.isSafeInteger(timeout) || timeout < 1) throw badUrl(url, storageWords.url.badTimeout);
    const forcePathStyle = q.has("forcePathStyle") ? q.get("forcePathStyle") !== "false" : options.forcePathStyle;
    const region = q.get("region") ?? options.region;
    return {
      kind: "s3",
      url: `s3://${bucket}${prefix ? `/${prefix}` : ""}`,
      bucket,
      prefix,
      timeout,
      ...(region ? { region } : {}),
      ...(endpoint ? { endpoint } : {}),
      ...(forcePathStyle !== undefined ? { forcePathStyle } : {}),
    };
  }
  throw badUrl(url, storageWords.url.unknownScheme);
}

export interface StoreSetting {
  /** What to pass to createStore. */
  store: string | StoreOptions;
  /** The folder a relative file:// path resolves against. */
  root: string;
  /** Where the setting came from, for messages. */
  from: "BALLAST_STORE" | "config";
}

/**
 * The store a command should use: BALLAST_STORE (a URL; relative file:// paths resolve
 * against the current folder) overrides the config's `store` (relative to the config
 * file's folder). The config's endpoint, region, path-style and timeout still apply to an
 * s3:// BALLAST_STORE. Undefined when neither is set.
 */
export function storeSetting(options: { configured?: StoreOptions; configRoot: string; env?: NodeJS.ProcessEnv; cwd: string }): StoreSetting | undefined {
  const fromEnv = options.env?.BALLAST_STORE?.trim();
  if (fromEnv) {
    const inherited = options.configured && fromEnv.startsWith("s3://") ? { ...options.configured, url: fromEnv } : fromEnv;
    return { store: inherited, root: options.cwd, from: "BALLAST_STORE" };
  }
  if (options.configured) return { store: options.configured, root: options.configRoot, from: "config" };
  return undefined;
}

/** No store configured and the command needs one: say exactly how to set it. */
export function noStoreError(what: string): BallastError {
  return new BallastError("CONFIG_INVALID", storageWords.noStore(what), { fix: fixes.configureStore });
}

function credentialsError(url: string): BallastError {
  return new BallastError("CONFIG_INVALID", storageWords.credentials(redact(url)), {
    fix: fixes.storeCredentials,
  });
}

function badUrl(url: string, why: string): BallastError {
  return new BallastError("CONFIG_INVALID", storageWords.badUrl(redact(url), why), { fix: fixes.configureStore });
}

/** Never echo a secret back: hide userinfo and query values. */
export function redact(url: string): string {
  return url.replace(/\/\/[^/@]*@/, "//***@").replace(/([?&][^=&]+)=[^&]*/g, "$1=***");
}
