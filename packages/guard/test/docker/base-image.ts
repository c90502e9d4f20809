import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { docker, type Engine } from "./engine.js";

/**
 * The stand-in for node:20-slim. No image registry is reachable here, so the base image
 * is this machine's own node and npm, with the shared libraries `ldd` names, /bin/sh and
 * /usr/bin/env (npm's bins start with `#!/usr/bin/env node`), imported with
 * `docker import`. Like node:20-slim it has no git: that is what the tier is about.
 * Its tag carries the node version, so a second run reuses it.
 */
export function baseImage(engine: Engine): string {
  const tag = `ballast-test/node-base:${process.version.slice(1)}`;
  if (docker(engine, ["image", "inspect", tag]).status === 0) return tag;
  const root = mkdtempSync(path.join(tmpdir(), "ballast-rootfs-"));
  try {
    const node = process.execPath;
    const npm = path.resolve(path.dirname(node), "..", "lib", "node_modules", "npm");
    if (!existsSync(path.join(npm, "bin", "npm-cli.js"))) throw new Error(`npm is not at ${npm}: the base image needs it`);
    copy(node, root, "/usr/bin/node");
    cpSync(npm, path.join(root, "usr/lib/node_modules/npm"), { recursive: true });
    symlinkSync("../lib/node_modules/npm/bin/npm-cli.js", path.join(root, "usr/bin/npm"));
    symlinkSync("../lib/node_modules/npm/bin/npx-cli.js", path.join(root, "usr/bin/npx"));
    copy(which("sh"), root, "/bin/sh");
    copy(which("env"), root, "/usr/bin/env");
    for (const lib of new Set([node, which("sh"), which("env")].flatMap(libraries))) copy(lib, root, lib);
    // npm reaches the registry the way this machine does: its CA bundle (a proxy here
    // re-signs TLS), handed to node as NODE_EXTRA_CA_CERTS like on the host.
    const ca = "/etc/ssl/certs/ca-certificates.crt";
    if (existsSync(ca)) copy(ca, root, ca);
    mkdirSync(path.join(root, "tmp"));
    chmodSync(path.join(root, "tmp"), 0o1777);
    mkdirSync(path.join(root, "root"));
    mkdirSync(path.join(root, "etc"), { recursive: true });
    writeFileSync(path.join(root, "etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
    writeFileSync(path.join(root, "etc/group"), "root:x:0:\n");
    importTree(engine, root, tag, [
      "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
      ...(existsSync(ca) ? [`ENV NODE_EXTRA_CA_CERTS=${ca}`] : []),
      "ENV npm_config_update_notifier=false",
    ]);
    return tag;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** `tar -c DIR | docker import - TAG`: a folder becomes an image of one layer. */
export function importTree(engine: Engine, dir: string, tag: string, changes: string[] = []): void {
  const args = ["import", ...changes.flatMap((change) => ["--change", change]), "-", tag];
  const result = spawnSync("sh", ["-c", 'dir="$1"; shift; tar -C "$dir" -c . | "$@"', "sh", dir, engine.cli, ...args], {
    env: engine.env,
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`docker import of ${dir} as ${tag} failed: ${result.stderr}`);
}

function copy(file: string, root: string, target: string): void {
  mkdirSync(path.join(root, path.dirname(target)), { recursive: true });
  copyFileSync(file, path.join(root, target));
  chmodSync(path.join(root, target), 0o755);
}

/** The absolute paths in `ldd FILE`'s output: the loader and each shared library. */
function libraries(file: string): string[] {
  const out = spawnSync("ldd", [file], { encoding: "utf8" }).stdout ?? "";
  return [...out.matchAll(/(\/\S+) \(0x/g)].map((match) => match[1]);
}

function which(name: string): string {
  const found = spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).stdout.trim();
  if (!found) throw new Error(`${name} is not on PATH: the base image needs it`);
  return found;
}
