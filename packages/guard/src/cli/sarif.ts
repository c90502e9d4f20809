import type { Report } from "../report/types.js";

/** SARIF 2.1.0 for GitHub code scanning: one rule per rule id, locations as repository paths. */
export function renderSarif(report: Report, version: string): object {
  const ruleIds = [...new Set(report.findings.map((f) => f.rule))].sort();
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "ballast",
            version,
            informationUri: "https://github.com/ballast/ballast",
            rules: ruleIds.map((id) => ({ id, name: id, shortDescription: { text: id } })),
          },
        },
        results: report.findings.map((f) => ({
          ruleId: f.rule,
          ruleIndex: ruleIds.indexOf(f.rule),
          level: f.severity === "error" ? "error" : "warning",
          message: { text: f.fix ? `${f.message}. Fix: ${f.fix}` : f.message },
          locations: [{ physicalLocation: { artifactLocation: { uri: encodeURI(f.path) } } }],
        })),
      },
    ],
  };
}
