import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import type { ConfigProblem } from "./types.js";
import { importModule } from "./import-module.js";

export type ReadResult = { config: unknown } | { problem: ConfigProblem };

/**
 * Read one config file: JSON as data, .ts through jiti, .mjs/.js with import(). A file
 * that cannot be parsed comes back as a problem naming its line and column, so an editor
 * (or a person) can jump to the mistake.
 */
export async function readConfigFile(file: string, name: string, packageKey?: boolean): Promise<ReadResult> {
  try {
    if (file.endsWith(".json")) {
      const text = readFileSync(file, "utf8");
      let data: unknown;
      try {
        data = JSON.parse(text);
      } catch (error) {
        const at = lineColumn(text, jsonErrorOffset(text, error as Error));
        const reason = (error as Error).message.replace(/ in JSON at position \d+.*$/, "");
        return { problem: { file: name, key: "(file)", ...at, message: `is not valid JSON: ${reason} (line ${at.line}, column ${at.column})` } };
      }
      return { config: packageKey ? (data as { ballast?: unknown }).ballast : data };
    }
    if (/\.(c|m)?ts$/.test(file)) return { config: await importWithJiti(file) };
    try {
      const mod = await importModule<{ default?: unknown }>(pathToFileURL(file).href);
      return { config: mod.default };
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      // Node 20's import() names neither line nor column of a syntax error (it prints them
      // only when the error kills the process); jiti's parser finds the same spot.
      const at = stackPosition(String(error.stack), file) ?? (await jitiPosition(file));
      return { problem: { file: name, key: "(file)", ...at, message: syntaxMessage(error.message, at) } };
    }
  } catch (error) {
    const err = error as NodeJS.ErrnoException;
    if (err.code === "ENOENT") return { problem: { file: name, key: "(file)", message: "does not exist" } };
    const parse = /^ParseError: (.*?)\s*\n\s*(.*):(\d+):(\d+)\s*$/s.exec(err.message ?? "");
    if (parse) {
      // jiti (babel) counts columns from 0, editors from 1.
      const at = { line: Number(parse[3]), column: Number(parse[4]) + 1 };
      return { problem: { file: name, key: "(file)", ...at, message: syntaxMessage(parse[1]!, at) } };
    }
    const at = stackPosition(String(err.stack), file);
    const where = at ? ` (line ${at.line}, column ${at.column})` : "";
    return { problem: { file: name, key: "(file)", ...at, message: `could not be read: ${String(err.message).split("\n")[0]}${where}` } };
  }
}

async function importWithJiti(file: string): Promise<unknown> {
  const { createJiti } = await importModule<typeof import("jiti")>("jiti");
  const jiti = createJiti(import.meta.url, { moduleCache: false });
  return jiti.import(file, { default: true });
}

/** Where jiti's parser stops in a file that import() refused; undefined if it parses. */
async function jitiPosition(file: string): Promise<{ line: number; column: number } | undefined> {
  try {
    await importWithJiti(file);
  } catch (error) {
    const parse = /:(\d+):(\d+)\s*$/.exec(String((error as Error).message));
    if (parse) return { line: Number(parse[1]), column: Number(parse[2]) + 1 };
  }
  return undefined;
}

function syntaxMessage(reason: string, at: { line: number; column: number } | undefined): string {
  return `has a syntax error${at ? ` at line ${at.line}, column ${at.column}` : ""}: ${reason}`;
}

/** `file:///…/ballast.config.mjs:3:9` (a stack frame) or `/…/ballast.config.mjs:3` (Node 22's header). */
function stackPosition(stack: string, file: string): { line: number; column: number } | undefined {
  for (const prefix of [pathToFileURL(file).href, file]) {
    const at = stack.indexOf(`${prefix}:`);
    if (at < 0) continue;
    const match = /^:(\d+)(?::(\d+))?/.exec(stack.slice(at + prefix.length));
    if (match) return { line: Number(match[1]), column: Number(match[2] ?? 1) };
  }
  return undefined;
}

/**
 * The offset where JSON.parse gave up. V8 names it ("at position 34") for most mistakes;
 * for an unexpected token it does not, and then the shortest prefix that fails for
 * another reason than ending too soon ends just past it.
 */
export function jsonErrorOffset(text: string, error: Error): number {
  const named = /at position (\d+)/.exec(error.message);
  if (named) return Number(named[1]);
  const failsInside = (length: number) => {
    try {
      JSON.parse(text.slice(0, length));
      return false;
    } catch (e) {
      // A prefix that only ran out says so: "Unexpected end", "Unterminated string", or
      // a position at its very end ("Expected property name … at position 1" for "{").
      const message = (e as Error).message;
      const at = /at position (\d+)/.exec(message);
      return !/Unexpected end|Unterminated string/.test(message) && !(at && Number(at[1]) >= length);
    }
  };
  if (!failsInside(text.length)) return text.length;
  let low = 0;
  let high = text.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (failsInside(mid)) high = mid;
    else low = mid + 1;
  }
  return Math.max(0, low - 1);
}

/** 1-based line and column of an offset, as editors count them. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return { line, column: offset - (before.lastIndexOf("\n") + 1) + 1 };
}
