import { RULE_IDS } from "./types.js";

/**
 * The JSON Schema of a ballast config. It is the single source of truth: `validate.ts`
 * checks configs against it, and the build writes it to `schema.json` for editors.
 * Only the keywords `validate.ts` understands are used here.
 */
export type Schema = {
  $schema?: string;
  $id?: string;
  $ref?: string;
  $defs?: Record<string, Schema>;
  title?: string;
  description?: string;
  type?: "object" | "array" | "string" | "integer" | "number" | "boolean";
  properties?: Record<string, Schema>;
  additionalProperties?: boolean;
  required?: string[];
  items?: Schema;
  enum?: readonly string[];
  pattern?: string;
  minimum?: number;
  minLength?: number;
  anyOf?: Schema[];
};

const SIZE_PATTERN = "^\\s*\\d+(\\.\\d+)?\\s*([kKmMgGtT][iI]?[bB]|[bB])?\\s*$";

const ruleSetting: Schema = { type: "string", enum: ["error", "warn", "off"] };

const rules: Schema = {
  type: "object",
  description: 'Per rule: "error" blocks, "warn" prints, "off" skips.',
  properties: Object.fromEntries(RULE_IDS.map((id) => [id, { $ref: "#/$defs/ruleSetting" }])),
  additionalProperties: false,
};

const globs: Schema = {
  type: "array",
  items: { type: "string", minLength: 1 },
};

export const configSchema: Schema = {
  $schema: "http://json-schema.org/draft-07/schema#",
  $id: "https://ballast.dev/schema/config.json",
  title: "ballast config",
  type: "object",
  additionalProperties: false,
  $defs: {
    size: {
      description: 'A size is a number of bytes or a string: "10 MB" = 10,000,000 bytes (kB, MB, GB: powers of 1000); "10 MiB" = 10,485,760 bytes (KiB, MiB, GiB: powers of 1024).',
      anyOf: [
        { type: "integer", minimum: 0 },
        { type: "string", pattern: SIZE_PATTERN },
      ],
    },
    ruleSetting,
    globs,
    limits: {
      type: "object",
      additionalProperties: false,
      properties: {
        warn: { $ref: "#/$defs/size", description: "Warn above this size." },
        block: { $ref: "#/$defs/size", description: "Block above this size." },
        binary: { $ref: "#/$defs/size", description: "Report binaries above this size." },
      },
    },
    rules,
    store: {
      type: "object",
      additionalProperties: false,
      required: ["url"],
      properties: {
        url: { type: "string", pattern: "^(file|s3)://", description: "file://PATH or s3://bucket/prefix" },
        region: { type: "string" },
        endpoint: { type: "string", pattern: "^https?://" },
        forcePathStyle: { type: "boolean" },
        timeout: { type: "integer", minimum: 1, description: "Milliseconds before a storage request is given up." },
      },
    },
  },
  properties: {
    $schema: { type: "string" },
    extends: {
      description: "Preset names (recommended, github, gitlab, huggingface, rasa, ml, strict) or npm packages exporting a config.",
      anyOf: [{ type: "string", minLength: 1 }, { $ref: "#/$defs/globs" }],
    },
    limits: { $ref: "#/$defs/limits" },
    overrides: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["files"],
        properties: {
          files: { $ref: "#/$defs/globs" },
          limits: { $ref: "#/$defs/limits" },
          rules: { $ref: "#/$defs/rules" },
        },
      },
    },
    allow: { $ref: "#/$defs/globs", description: "Globs never reported by size or binary." },
    forbidden: { $ref: "#/$defs/globs", description: "Globs that must never be committed." },
    redirect: {
      type: "object",
      additionalProperties: false,
      properties: {
        files: { $ref: "#/$defs/globs", description: "Model files that go to object storage." },
        mode: { type: "string", enum: ["auto", "block"] },
      },
    },
    rules: { $ref: "#/$defs/rules" },
    store: {
      description: "Where stowed objects live: file://PATH or s3://bucket/prefix, or an object with options.",
      anyOf: [{ type: "string", pattern: "^(file|s3)://" }, { $ref: "#/$defs/store" }],
    },
    receive: {
      type: "object",
      description: "The server's hook (ballast receive): read from the server's config only, never from pushed commits.",
      additionalProperties: false,
      properties: {
        allowSkip: {
          type: "boolean",
          description: 'Let a push pass unjudged with git push -o ballast.skip="reason" (the reason is printed). Needs receive.advertisePushOptions. Off by default.',
        },
      },
    },
  },
};
