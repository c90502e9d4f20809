import { configSchema, type Schema } from "./schema.js";

export interface SchemaProblem {
  /** Dotted key path, e.g. "limits.block" or "overrides[0].files". */
  key: string;
  message: string;
}

/** Check a value against the config schema; returns every problem, not just the first. */
export function validateConfig(value: unknown): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  check(configSchema, value, "", problems);
  return problems;
}

function resolve(schema: Schema): Schema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace("#/$defs/", "");
  const target = configSchema.$defs?.[name];
  if (!target) throw new Error(`schema: unknown $ref ${schema.$ref}`);
  // The definition's own description explains the accepted forms; the referring
  // property's description (what the key is for) is for editors, not for errors.
  return resolve(target);
}

function check(raw: Schema, value: unknown, key: string, out: SchemaProblem[]): void {
  const schema = resolve(raw);
  const where = key || "(config)";
  if (schema.anyOf) {
    const fits = schema.anyOf.some((option) => {
      const trial: SchemaProblem[] = [];
      check(option, value, key, trial);
      return trial.length === 0;
    });
    if (!fits) out.push({ key: where, message: `${describe(value)} is not valid here${hint(schema)}` });
    return;
  }
  if (schema.type && !hasType(value, schema.type)) {
    out.push({ key: where, message: `must be ${article(schema.type)}, not ${describe(value)}${hint(schema)}` });
    return;
  }
  if (schema.enum && !schema.enum.includes(value as string)) {
    out.push({ key: where, message: `must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(", ")}, not ${describe(value)}` });
  }
  if (typeof value === "string") {
    if (schema.pattern && !new RegExp(schema.pattern).test(value)) {
      out.push({ key: where, message: `${JSON.stringify(value)} does not have the right form${hint(schema)}` });
    }
    if (schema.minLength !== undefined && value.length < schema.minLength) {
      out.push({ key: where, message: "must not be empty" });
    }
  }
  if (typeof value === "number" && schema.minimum !== undefined && value < schema.minimum) {
    out.push({ key: where, message: `must be at least ${schema.minimum}` });
  }
  if (Array.isArray(value) && schema.items) {
    value.forEach((item, i) => check(schema.items!, item, `${key}[${i}]`, out));
  }
  if (schema.type === "object" && isObject(value)) {
    const known = Object.keys(schema.properties ?? {});
    for (const name of schema.required ?? []) {
      if (!(name in value)) out.push({ key: join(key, name), message: "is required" });
    }
    for (const [name, item] of Object.entries(value)) {
      const sub = schema.properties?.[name];
      if (sub) check(sub, item, join(key, name), out);
      else if (schema.additionalProperties === false) {
        const guess = closest(name, known);
        out.push({
          key: join(key, name),
          message: `unknown key${guess ? ` (did you mean "${guess}"?)` : ""}; known keys: ${known.filter((k) => k !== "$schema").join(", ")}`,
        });
      }
    }
  }
}

function hasType(value: unknown, type: NonNullable<Schema["type"]>): boolean {
  switch (type) {
    case "object":
      return isObject(value);
    case "array":
      return Array.isArray(value);
    case "integer":
      return Number.isSafeInteger(value);
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    default:
      return typeof value === type;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function join(key: string, name: string): string {
  return key ? `${key}.${name}` : name;
}

function article(type: string): string {
  return { object: "an object", array: "a list", integer: "a whole number" }[type] ?? `a ${type}`;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (value === null) return "null";
  if (typeof value === "object") return "an object";
  return JSON.stringify(value);
}

function hint(schema: Schema): string {
  return schema.description ? `. ${schema.description}` : "";
}

/** The known key nearest to a typo, if it is close enough to be a likely typo. */
function closest(name: string, known: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const candidate of known) {
    const d = distance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}
