// Make a fresh clone usable with nothing but Node, npm and git: install pnpm's locked
// dependencies (through npx when pnpm is not installed) and build the packages when the
// build is missing or older than the sources. Used by `npm run demo` and `npm test`.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const PNPM_VERSION = "12.4.2";

function run(cmd, args) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: ["ignore", "inherit", "inherit"], shell: false });
  if (result.status !== 0) {
    console.error(`\n${cmd} ${args.join(" ")} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status || 1);
  }
}

function pnpm(args) {
  const local = spawnSync("pnpm", ["--version"], { encoding: "utf8" });
  if (local.status === 0 && local.stdout.trim() === PNPM_VERSION) run("pnpm", args);
  else run("npx", ["-y", `pnpm@${PNPM_VERSION}`, ...args]);
}

function newest(dir) {
  let latest = 0;
  if (!existsSync(dir)) return 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }
  return latest;
}

export function ensure({ quiet = false } = {}) {
  const log = (m) => quiet || console.error(m);
  const marker = path.join(root, "node_modules", ".modules.yaml");
  if (!existsSync(marker) || statSync(path.join(root, "pnpm-lock.yaml")).mtimeMs > statSync(marker).mtimeMs) {
    log("› installing the locked dependencies (pnpm install --frozen-lockfile)");
    pnpm(["install", "--frozen-lockfile"]);
  }
  const stale = ["config", "guard"].some((pkg) => {
    const dist = path.join(root, "packages", pkg, "dist");
    return !existsSync(dist) || newest(path.join(root, "packages", pkg, "src")) > newest(dist);
  });
  if (stale) {
    log("› building the packages (pnpm build)");
    pnpm(["build"]);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) ensure();
