import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

/**
 * Resolve an npm package name to its config entry from the folder of the config that
 * extends it. ESM-only packages (an `exports` map without `require`) are resolved by hand.
 */
export function resolvePackage(name: string, from: string): string | undefined {
  const base = from.startsWith("preset:") ? process.cwd() : from;
  try {
    return createRequire(base).resolve(name);
  } catch {
    // Fall through to the manual lookup below.
  }
  for (let dir = path.dirname(base); ; dir = path.dirname(dir)) {
    const pkgDir = path.join(dir, "node_modules", name);
    const pkgFile = path.join(pkgDir, "package.json");
    if (existsSync(pkgFile)) {
      try {
        const pkg = JSON.parse(readFileSync(pkgFile, "utf8")) as { exports?: unknown; main?: string };
        const entry = exportEntry(pkg.exports) ?? pkg.main ?? "index.js";
        return path.join(pkgDir, entry);
      } catch {
        return undefined;
      }
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

function exportEntry(exports: unknown): string | undefined {
  if (typeof exports === "string") return exports;
  if (!exports || typeof exports !== "object") return undefined;
  const map = exports as Record<string, unknown>;
  const dot = "." in map ? map["."] : map;
  if (typeof dot === "string") return dot;
  if (dot && typeof dot === "object") {
    const conditions = dot as Record<string, unknown>;
    for (const key of ["import", "node", "default"]) {
      const value = conditions[key];
      if (typeof value === "string") return value;
      const nested = exportEntry(value);
      if (nested) return nested;
    }
  }
  return undefined;
}
