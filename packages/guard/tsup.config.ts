import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
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
    // The hook's binary, as two CommonJS files (require() is synchronous and resolves by
    // path: no ESM loader, no URL resolution per module, measured ~25 ms less per commit
    // than ESM chunks): bin.cjs is only what starts the hook's git processes, then it loads
    // cli.cjs, everything else in one file, while git works. Heavy optional SDKs stay
    // external and are imported only when used. @ballast/config and chalk are bundled;
    // picomatch and jiti stay external: they load only for globs engine/policy.ts cannot
    // match itself and for .ts configs.
    entry: { bin: "src/bin.ts", cli: "src/cli/entry.ts" },
    format: ["cjs"],
    target: "node20",
    outExtension: () => ({ js: ".cjs" }),
    noExternal: ["chalk", "@ballast/config"],
    external: ["jiti", "picomatch", /^@aws-sdk\//, /^@smithy\//],
    splitting: false,
    shims: true,
    define,
    sourcemap: true,
    // The code cache's key (src/cli/code-cache.ts): a hash of the bundle, written into
    // bin.cjs in place of a placeholder of the same length (the source map stays right).
    onSuccess: async () => {
      const placeholder = "ballast-cli-build-id-unset-0000";
      const id = createHash("sha256").update(readFileSync("dist/cli.cjs")).digest("hex").slice(0, placeholder.length);
      const bin = readFileSync("dist/bin.cjs", "utf8");
      if (!bin.includes(placeholder)) throw new Error("tsup.config.ts: the build-id placeholder is missing from dist/bin.cjs");
      writeFileSync("dist/bin.cjs", bin.split(placeholder).join(id));
    },
  },
]);
