import type { BallastConfig } from "./types.js";

/** Type the config in `ballast.config.ts` / `.mjs`; returns it unchanged. */
export function defineConfig<const T extends BallastConfig>(config: T): T {
  return config;
}
