import type { ResolvedConfig } from "@ballast/config";
import { createStore, type CreateStoreOptions } from "./create.js";
import type { Store } from "./types.js";
import { noStoreError, storeSetting } from "./url.js";

export interface OpenStoreOptions {
  config: ResolvedConfig;
  /** Where BALLAST_STORE is read (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** The folder a relative BALLAST_STORE file:// path resolves against. */
  cwd: string;
  /** Finishes "no store is configured, so ballast cannot …". */
  purpose: string;
  retry?: CreateStoreOptions["retry"];
  partSize?: number;
}

/** The store for a command: BALLAST_STORE, else the config's `store`; exit 2 with the fix when neither is set. */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const setting = storeSetting({ configured: options.config.store, configRoot: options.config.root, env: options.env ?? process.env, cwd: options.cwd });
  if (!setting) throw noStoreError(options.purpose);
  return createStore(setting.store, {
    root: setting.root,
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.partSize ? { partSize: options.partSize } : {}),
  });
}

/** A store opened on first use and closed once (pull needs one only when the cache misses). */
export function lazyStore(options: OpenStoreOptions): { get(): Promise<Store>; close(): Promise<void> } {
  let opened: Promise<Store> | undefined;
  return {
    get: () => (opened ??= openStore(options)),
    async close() {
      if (opened) await (await opened.catch(() => undefined))?.close();
    },
  };
}
