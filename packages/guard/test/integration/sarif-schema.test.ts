import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ballast, gitdir, pseudoRandom, tempDir, writeTree } from "@ballast/test-utils";
import Ajv from "ajv";
import { describe, expect, it } from "vitest";
import { RULE_IDS } from "@ballast/config";
import { renderSarif } from "../../src/cli/sarif.js";
import { makeReport } from "../../src/report/types.js";

const here = path.dirname(fileURLToPath(import.meta.url));
// See the file's $comment: the OASIS SARIF 2.1.0 schema's definitions for what ballast emits, constraints unchanged.
const schema = JSON.parse(readFileSync(path.join(here, "../fixtures/sarif-schema-2.1.0.subset.json"), "utf8")) as object;

function validator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addFormat("uri", (s: string) => /^[a-z][a-z0-9+.-]*:/i.test(s) && URL.canParse(s));
  ajv.addFormat("uri-reference", (s: string) => !/\s/.test(s) && URL.canParse(s, "http://base.invalid/"));
  ajv.addFormat("date-time", (s: string) => !Number.isNaN(Date.parse(s)));
  return ajv.compile(schema);
}

type Sarif = { runs: Array<{ tool: { driver: { rules: Array<{ id: string }> } }; results: Array<{ ruleId: string; ruleIndex: number; level: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }>; partialFingerprints: Record<string, string> }> }> };

describe("--format sarif validates against SARIF 2.1.0", () => {
  const validate = validator();

  it("ballast scan --all --format sarif on a repository with findings", () => {
    const repo = gitdir({ "README.md": "x\n", ".ballastrc.json": JSON.stringify({ forbidden: [".env"] }) });
    repo.commit("findings", { "models/big model.bin": pseudoRandom(2_000_000), ".env": "TOKEN=1\n", "Dockerfile": "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n" });
    const run = ballast(["scan", "--all", "--format", "sarif"], { cwd: repo.dir });
    expect(run.code).toBe(1);
    const sarif = JSON.parse(run.stdout) as Sarif;
    expect(validate(sarif), JSON.stringify(validate.errors, null, 2)).toBe(true);
    const [only] = sarif.runs;
    expect(only!.tool.driver.rules.map((r) => r.id)).toEqual([...RULE_IDS]);
    expect(only!.results.map((r) => r.ruleId).sort()).toEqual(["binary", "forbidden", "lfs-pointer-untracked"]);
    for (const r of only!.results) expect(only!.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);
    expect(only!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri).sort()).toEqual([".env", "Dockerfile", "models/big%20model.bin"]);
    expect(new Set(only!.results.map((r) => Object.values(r.partialFingerprints)[0])).size).toBe(3);
  });

  it("ballast verify --format sarif on a checkout with findings", () => {
    const dir = tempDir("ballast-checkout-");
    writeTree(dir, { Dockerfile: "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n" });
    const run = ballast(["verify", "--format", "sarif"], { cwd: dir });
    expect(run.code).toBe(1);
    const sarif = JSON.parse(run.stdout) as Sarif;
    expect(validate(sarif), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(sarif.runs[0]!.results).toHaveLength(1);
  });

  it("an empty report is a valid log with no results", () => {
    const sarif = renderSarif(makeReport("scan", [], { checked: 0 }), "1.2.3");
    expect(validate(sarif)).toBe(true);
  });

  it("the schema bites: a wrong level or a result without a message is refused", () => {
    const good = renderSarif(
      makeReport("scan", [{ rule: "size", severity: "error", path: "a#b.bin", message: "is big", fix: "npx ballast stow a#b.bin" }], { checked: 1 }),
      "1.2.3",
    ) as Sarif;
    expect(validate(good)).toBe(true);
    const badLevel = structuredClone(good);
    badLevel.runs[0]!.results[0]!.level = "fatal";
    expect(validate(badLevel)).toBe(false);
    const noMessage = structuredClone(good) as unknown as { runs: Array<{ results: Array<Record<string, unknown>> }> };
    delete noMessage.runs[0]!.results[0]!.message;
    expect(validate(noMessage)).toBe(false);
  });
});
