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
    // @ballast/config is bundled too: resolving a package through its exports map costs a
    // commit more than compiling its code. picomatch and jiti stay external: they load only
    // for globs engine/policy.ts cannot match itself and for .ts configs.
    noExternal: ["chalk", "@ballast/config"],
    external: ["jiti", "picomatch", /^@aws-sdk\//, /^@smithy\//],
    splitting: true,
    define,
    sourcemap: true,
  },
]);
