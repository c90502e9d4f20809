import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { configSchema, RULE_IDS } from "@ballast/config";
import { describe, expect, it } from "vitest";

type Schema = typeof configSchema;
const docs = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../../docs");

/** Every key path the schema accepts: limits.warn, overrides[].files, store.url, rules.<rule> … */
function keyPaths(schema: Schema, prefix = ""): string[] {
  const resolve = (s: Schema): Schema => (s.$ref ? resolve(configSchema.$defs![s.$ref.split("/").pop()!]!) : s);
  const node = resolve(schema);
  const out: string[] = [];
  for (const branch of node.anyOf ?? []) out.push(...keyPaths(branch, prefix));
  if (node.type === "array" && node.items && resolve(node.items).properties) out.push(...keyPaths(node.items, `${prefix}[]`));
  const props = node.properties ?? {};
  const names = Object.keys(props);
  if (names.length > 0 && names.every((n) => (RULE_IDS as readonly string[]).includes(n))) return [...out, `${prefix}.<rule>`];
  for (const name of names) {
    const key = prefix ? `${prefix}.${name}` : name;
    out.push(key, ...keyPaths(props[name]!, key));
  }
  return out;
}

describe("docs cannot drift from the code", () => {
  const page = readFileSync(path.join(docs, "configuration.md"), "utf8");
  const headings = new Set([...page.matchAll(/^### `([^`]+)`$/gm)].map((m) => m[1]!));
  const keys = [...new Set(keyPaths(configSchema))];

  it("configuration.md has a section for every key in the schema", () => {
    // Third-level keys (overrides[].limits.warn) are covered by their parent's section.
    const missing = keys.filter((k) => !headings.has(k) && !(k.split(".").length > 2 && headings.has(k.split(".").slice(0, 2).join("."))));
    expect(missing).toEqual([]);
    expect(keys.length).toBeGreaterThan(15);
  });

  it("configuration.md documents no key the schema lacks", () => {
    expect([...headings].filter((h) => !keys.includes(h))).toEqual([]);
  });

  it("configuration.md names every rule id", () => {
    for (const id of RULE_IDS) expect(page).toContain(`\`${id}\``);
  });

  it("every rule has a page: what it catches, why, fix, allow", () => {
    for (const id of RULE_IDS) {
      const file = path.join(docs, "rules", `${id}.md`);
      expect(existsSync(file), file).toBe(true);
      const text = readFileSync(file, "utf8");
      expect(text.startsWith(`# \`${id}\``)).toBe(true);
      for (const section of ["## What it catches", "## Why", "## Fix", "## Allow"]) expect(text, `${id}: ${section}`).toContain(section);
    }
  });

  it("relative links between docs pages point at files that exist", () => {
    const pages = ["getting-started.md", "configuration.md", "storage.md", "ci.md", "server.md", "docker.md", "migrating.md", "troubleshooting.md", "README.md"];
    for (const name of [...pages, ...RULE_IDS.map((id) => `rules/${id}.md`)]) {
      const file = path.join(docs, name);
      const text = readFileSync(file, "utf8");
      for (const [, target] of text.matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)) {
        if (/^[a-z]+:/.test(target!)) continue;
        expect(existsSync(path.resolve(path.dirname(file), target!)), `${name} → ${target}`).toBe(true);
      }
    }
  });
});

describe("the Docker recipe installs ballast from where README puts it", () => {
  const read = (file: string) => readFileSync(path.join(docs, "..", file), "utf8");
  const readme = read("README.md");
  const example = read("examples/rasa-bot/Dockerfile");
  const recipe = /```dockerfile\n([\s\S]*?)```/.exec(read("docs/docker.md"))![1]!;
  const copies = (text: string) => [...text.matchAll(/^COPY (?!--from).*$/gm)].map((m) => m[0].replace(/\s+#.*$/, ""));

  it("README packs the tarballs into vendor/ballast; the example's Dockerfile and docs/docker.md copy them from there before npm ci", () => {
    expect(readme).toContain("--pack-destination ~/my-bot/vendor/ballast");
    expect(readme).toContain("npm install -D ./vendor/ballast/*.tgz");
    for (const dockerfile of [example, recipe]) {
      const beforeCi = dockerfile.slice(0, dockerfile.indexOf("npm ci"));
      expect(copies(beforeCi)).toContain("COPY vendor/ballast ./vendor/ballast");
      expect(copies(dockerfile).filter((line) => line.includes(".tgz"))).toEqual([]);
    }
  });

  it("docs/docker.md's Dockerfile copies what the example's does", () => {
    expect(copies(recipe)).toEqual(copies(example));
  });
});
