import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Source tests only: compiled files in dist/ must never run as tests.
    include: ["packages/*/test/**/*.test.ts"],
    setupFiles: ["packages/test-utils/src/setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
