import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { tempDir } from "@ballast/test-utils";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/load.js";
import { jsonErrorOffset, lineColumn } from "../src/read.js";

function project(files: Record<string, string>): string {
  const dir = tempDir();
  mkdirSync(path.join(dir, ".git"));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../dist/index.js");

/**
 * loadConfig from the built package in a plain Node process: vitest's own module loader
 * would answer the config's import() itself, and its errors are not Node's.
 */
function loadInNode(cwd: string): { file?: string; problems: Array<Record<string, unknown>> } {
  const script = `import(${JSON.stringify(DIST)}).then(async (m) => process.stdout.write(JSON.stringify(await m.loadConfig({ cwd: process.cwd() }))))`;
  const run = spawnSync(process.execPath, ["-e", script], { cwd, encoding: "utf8" });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as { file?: string; problems: Array<Record<string, unknown>> };
}

// Line 3, column 3 is `block`: the comma before it is missing.
const BROKEN_OBJECT = 'export default {\n  limits: { warn: "1 MB" \n  block: 2,\n};\n';

describe("a config file with a syntax error names the file, line and column", () => {
  it.each([
    ["ballast.config.json", '{\n  "limits": { "warn": "1 MB"\n  "block": 2 }\n}\n', 3, 3, /is not valid JSON: Expected ',' or '}' after property value/],
    [".ballastrc.json", '{\n  "limits": {\n    "warn": tru\n  }\n}\n', 3, 16, /is not valid JSON: Unexpected token '\n'/],
    [".ballastrc.json", '{ "limits": {', 1, 14, /is not valid JSON: Expected property name or '}'/],
    [".ballastrc.json", '{ "limits": ', 1, 13, /is not valid JSON: Unexpected end of JSON input/],
    ["ballast.config.mjs", BROKEN_OBJECT, 3, 3, /has a syntax error at line 3, column 3: Unexpected identifier 'block'/],
    ["ballast.config.js", BROKEN_OBJECT, 3, 3, /has a syntax error at line 3, column 3: Unexpected identifier 'block'/],
    ["ballast.config.mjs", 'export default {\n  limits: { warn: "1 MB", },,\n};\n', 2, 29, /has a syntax error at line 2, column 29: Unexpected token ','/],
    ["ballast.config.ts", BROKEN_OBJECT, 3, 3, /has a syntax error at line 3, column 3: Unexpected token, expected ","/],
  ])("%s (%#)", async (name, text, line, column, message) => {
    const { problems, file } = loadInNode(project({ [name]: text }));
    expect(problems).toHaveLength(1);
    expect(path.basename(file!)).toBe(name);
    expect(problems[0]).toMatchObject({ key: "(file)", line, column });
    expect(path.basename(String(problems[0]!.file))).toBe(name);
    expect(problems[0]!.message).toMatch(message);
    expect(problems[0]!.message).toContain(`line ${line}, column ${column}`);
  });

  it("the ballast key of a broken package.json", async () => {
    const { problems } = await loadConfig({ cwd: project({ "package.json": '{\n  "name": "bot",\n  "ballast": { "extends": "rasa" },,\n}\n' }) });
    expect(problems[0]).toMatchObject({ file: expect.stringMatching(/package\.json$/), line: 3, column: 36, message: expect.stringMatching(/Expected double-quoted property name/) });
  });

  it("a config that throws names the line it threw at", async () => {
    const { problems } = loadInNode(project({ "ballast.config.mjs": "const x = 1;\nthrow new Error('no store for ' + x);\n" }));
    expect(problems[0]).toMatchObject({ line: 2, message: expect.stringMatching(/could not be read: no store for 1 \(line 2, column \d+\)/) });
  });
});

describe("jsonErrorOffset", () => {
  it.each([
    ['{"a": tru}', 9],
    ['{"abcdefghijklmnop": "x", "b": tru}', 34],
    ['{"a": "xyz", "b": tr\n}', 20],
    ['{"a": 1', 7],
    ["", 0],
    ['{"a": 1} x', 9],
    ["[1, 2, @]", 7],
  ])("%j fails at %i", (text, offset) => {
    let error: Error | undefined;
    try {
      JSON.parse(text);
    } catch (e) {
      error = e as Error;
    }
    expect(jsonErrorOffset(text, error!)).toBe(offset);
  });

  it("counts lines and columns from 1", () => {
    expect(lineColumn("ab\ncd", 4)).toEqual({ line: 2, column: 2 });
    expect(lineColumn("ab", 0)).toEqual({ line: 1, column: 1 });
  });
});
