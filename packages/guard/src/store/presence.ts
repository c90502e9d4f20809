import type { ResolvedConfig } from "@ballast/config";
import type { StowedObject, StowedStorage } from "../rules/types.js";
import { storageWords } from "../messages.js";
import { mapPool } from "../util/pool.js";
import { openStore } from "./open.js";
import { storeSetting } from "./url.js";

/** Storage as a server asks it: present or not, never an upload (a server has no cache). */
export interface PresenceCheck {
  storage: StowedStorage;
  /** The stowed files `unresolved-reference` wanted to check while no store was set. */
  readonly unchecked: number;
}

/**
 * `unresolved-reference` for a server: with a store (the server's config, or BALLAST_STORE
 * in the hook's environment), every referenced object must be there with its size, asked a
 * few at a time; storage that cannot be asked throws (the push is refused, exit 2). With no
 * store, nothing can be checked: the objects are counted for one note line, never a finding.
 */
export function presenceCheck(options: { config: ResolvedConfig; env: NodeJS.ProcessEnv; cwd: string }): PresenceCheck {
  const configured = storeSetting({ configured: options.config.store, configRoot: options.config.root, env: options.env, cwd: options.cwd });
  let unchecked = 0;
  const storage: StowedStorage = {
    async ensure(objects: StowedObject[]) {
      if (!configured) {
        unchecked += objects.length;
        return { missing: new Set<string>(), store: "" };
      }
      const store = await openStore({ config: options.config, env: options.env, cwd: options.cwd, purpose: storageWords.purpose.check });
      try {
        const missing = new Set<string>();
        await mapPool(objects, 8, async (object) => {
          const stored = await store.stat(object.sha256);
          if (stored?.size !== object.size) missing.add(object.sha256);
        });
        return { missing, store: store.url };
      } finally {
        await store.close();
      }
    },
  };
  return {
    storage,
    get unchecked() {
      return unchecked;
    },
  };
}
