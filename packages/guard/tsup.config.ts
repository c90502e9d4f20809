import { readFileSync } from "node:fs";
import { defineConfig } from "tsup";

const { version } = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };
const define = { __BALLAST_VERSION__: JSON.stringify(version) };

export default defineConfig([
  {
    // The library: dependencies stay external, types are emitted.
    entry: { index: "src/index.ts" },
    format: ["esm"],
    target: "node20",
    dts: { compilerOptions: { composite: false } },
    clean: false,
    sourcemap: true,
    define,
  },
  {
    // The hook's binary: one bundled file so a commit does not resolve hundreds of
    // modules. Heavy optional SDKs stay external and are imported only when used.
    entry: { bin: "src/bin.ts" },
    format: ["esm"],
    target: "node20",
    // picomatch stays external: engine/policy.ts requires it only for globs it cannot match itself.
    noExternal: ["chalk"],
    external: ["@ballast/config", "jiti", /^@aws-sdk\//, /^@smithy\//],
    splitting: true,
    define,
    sourcemap: true,
  },
]);
