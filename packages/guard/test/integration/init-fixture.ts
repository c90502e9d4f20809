import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { BALLAST_BIN, gitdir, type Tree } from "@ballast/test-utils";

/**
 * What `npm install -D @ballast/guard` leaves behind for the hooks: node_modules/.bin/ballast.
 * Here it runs the workspace's built binary; test/e2e/pack-install.test.ts installs the
 * packed tarballs for real.
 */
export function installBin(dir: string): void {
  const bin = path.join(dir, "node_modules", ".bin");
  mkdirSync(bin, { recursive: true });
  writeFileSync(path.join(bin, "ballast"), `#!/bin/sh\nexec "${process.execPath}" "${BALLAST_BIN}" "$@"\n`);
  chmodSync(path.join(bin, "ballast"), 0o755);
}

/** A bot repository with a package.json that already lists husky (so init runs no install). */
export function botRepo(tree: Tree = {}, pkg: Record<string, unknown> = {}) {
  return gitdir({
    "package.json": `${JSON.stringify({ name: "bot", private: true, devDependencies: { husky: "9.1.7" }, ...pkg }, null, 2)}\n`,
    ".gitignore": "node_modules\n",
    ...tree,
  });
}

export const read = (dir: string, file: string) => readFileSync(path.join(dir, file), "utf8");
export const json = (dir: string, file: string) => JSON.parse(read(dir, file)) as Record<string, any>;
