import type { StoreOptions } from "@ballast/config";
import { storageWords } from "../messages.js";
import { fileStore } from "./file.js";
import type { RetryOptions } from "./retry.js";
import type { Store } from "./types.js";
import { noStoreError, parseStoreUrl, storeSetting } from "./url.js";

export interface CreateStoreOptions {
  /** The folder a relative `file://` path resolves against (the config file's folder). */
  root: string;
  /**
   * When given, BALLAST_STORE in it overrides `store` (its relative file:// paths resolve
   * against `cwd`, default process.cwd()). Leave it out to open exactly `store`.
   */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Retry tuning for S3 (tests shorten the backoff). */
  retry?: RetryOptions;
  /** S3 multipart part size in bytes (at least 5 MiB; default 8 MiB). */
  partSize?: number;
}

/**
 * Open a store from a URL or the config's store options. `file://PATH` is a local folder;
 * `s3://bucket/prefix` is S3-compatible storage, whose driver (and the AWS SDK) is loaded
 * only here, on first use. Throws CONFIG_INVALID (exit 2) for a bad URL, one with
 * credentials in it, or no store at all.
 */
export async function createStore(store: string | StoreOptions | undefined, options: CreateStoreOptions): Promise<Store> {
  const configured = typeof store === "string" ? { url: store } : store;
  const setting = options.env
    ? storeSetting({ ...(configured ? { configured } : {}), configRoot: options.root, env: options.env, cwd: options.cwd ?? process.cwd() })
    : configured && { store: configured, root: options.root };
  if (!setting) throw noStoreError(storageWords.purpose.reach);
  const location = parseStoreUrl(setting.store, setting.root);
  if (location.kind === "file") return fileStore(location.folder, location.url);
  const { s3Store } = await import("./s3.js");
  return s3Store(location, { ...(options.retry ? { retry: options.retry } : {}), ...(options.partSize ? { partSize: options.partSize } : {}) });
}
