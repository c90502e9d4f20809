import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { presets } from "../src/presets.js";
import { configSchema } from "../src/schema.js";
import { validateConfig } from "../src/validate.js";

describe("validateConfig", () => {
  it("accepts the SPEC's example config", () => {
    const config = {
      extends: ["rasa"],
      limits: { warn: "1 MB", block: "10 MB", binary: "1 MB" },
      overrides: [{ files: ["docs/**/*.png"], limits: { block: "2 MB" } }],
      allow: ["assets/fonts/**"],
      forbidden: [".env", "**/*.pem"],
      redirect: { files: ["models/**/*.tar.gz"], mode: "auto" },
      rules: { binary: "error" },
      store: "file://../model-store",
    };
    expect(validateConfig(config)).toEqual([]);
  });

  it("reports every problem at once, each with its key path", () => {
    const problems = validateConfig({ limit: { block: "10 MB" }, rules: { binary: "fatal" }, overrides: [{ limits: { warn: "big" } }] });
    expect(problems.map((p) => p.key)).toEqual(["limit", "rules.binary", "overrides[0].files", "overrides[0].limits.warn"]);
    expect(problems[0]!.message).toContain('did you mean "limits"');
  });

  it("refuses unknown keys nested anywhere, so a typo cannot silently disable a guard", () => {
    expect(validateConfig({ redirect: { file: ["x"] } })[0]).toMatchObject({ key: "redirect.file" });
    expect(validateConfig({ rules: { sizes: "off" } })[0]).toMatchObject({ key: "rules.sizes" });
  });

  it("refuses a store that is neither file:// nor s3://", () => {
    expect(validateConfig({ store: "ftp://host/x" })[0]).toMatchObject({ key: "store" });
    expect(validateConfig({ store: { url: "s3://bucket/p", endpoint: "http://127.0.0.1:9000", forcePathStyle: true } })).toEqual([]);
  });

  it("every preset is valid", () => {
    for (const [name, preset] of Object.entries(presets)) expect(validateConfig(preset), name).toEqual([]);
  });
});

describe("schema.json agrees with the validator", () => {
  const ajv = new Ajv({ strict: false, allErrors: true });
  const check = ajv.compile(configSchema);
  const samples: unknown[] = [
    {},
    { extends: "github" },
    { limits: { block: 100 } },
    { limits: { block: "10 MiB" } },
    { limits: { block: "ten" } },
    { limits: { block: -5 } },
    { limitz: {} },
    { rules: { binary: "warn", size: "nope" } },
    { redirect: { files: ["models/**"], mode: "auto" } },
    { redirect: { mode: "sometimes" } },
    { store: { url: "s3://b/p", region: "eu-west-1" } },
    { store: { region: "eu-west-1" } },
    { overrides: [{ files: ["a/**"], rules: { size: "off" } }] },
    { overrides: [{ limits: {} }] },
    ...Object.values(presets),
  ];
  it.each(samples.map((s) => [JSON.stringify(s), s]))("%s", (_, sample) => {
    expect(check(sample)).toBe(validateConfig(sample).length === 0);
  });
});
