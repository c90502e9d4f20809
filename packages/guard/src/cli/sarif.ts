import { RULE_IDS } from "@ballast/config";
import { createHash } from "node:crypto";
import { ruleWords } from "../messages.js";
import type { Finding, Report } from "../report/types.js";

/**
 * SARIF 2.1.0 for GitHub code scanning: every rule id as a reportingDescriptor (so
 * ruleIndex is stable), one result per finding located at its repository path (relative
 * to %SRCROOT%), a partialFingerprint so an alert survives unrelated commits, and the fix
 * command in the message and in the result's properties.
 */
export function renderSarif(report: Report, version: string): object {
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "ballast",
            version,
            semanticVersion: version,
            informationUri: "https://github.com/ballast/ballast",
            rules: RULE_IDS.map((id) => ({
              id,
              name: ruleWords[id].name,
              shortDescription: { text: ruleWords[id].short },
              fullDescription: { text: ruleWords[id].full },
              help: { text: `${ruleWords[id].full} Configure it under "rules": { "${id}": "error" | "warn" | "off" } in the ballast config.` },
              defaultConfiguration: { level: "error" },
              properties: { tags: ["repository-hygiene", "git"] },
            })),
          },
        },
        automationDetails: { id: `ballast/${report.command}/` },
        invocations: [{ executionSuccessful: true }],
        results: report.findings.map(result),
      },
    ],
  };
}

function result(f: Finding): object {
  const properties: Record<string, unknown> = {};
  if (f.size !== undefined) properties.size = f.size;
  if (f.object) properties.object = f.object;
  if (f.commit) properties.commit = f.commit;
  if (f.fix) properties.fix = f.fix;
  return {
    ruleId: f.rule,
    ruleIndex: RULE_IDS.indexOf(f.rule),
    level: f.severity === "error" ? "error" : "warning",
    message: { text: `${f.path} ${f.message}${f.commit ? ` (introduced in commit ${f.commit.slice(0, 12)})` : ""}.${f.fix ? ` Fix: ${f.fix}` : ""}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: pathToUri(f.path), uriBaseId: "%SRCROOT%" },
          // Findings are about whole files; code scanning wants a region to anchor the alert.
          region: { startLine: 1 },
        },
      },
    ],
    partialFingerprints: { "ballastFinding/v1": fingerprint(f) },
    ...(Object.keys(properties).length ? { properties } : {}),
  };
}

/** A repository path as a relative URI reference: each segment percent-encoded, `/` kept. */
export function pathToUri(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}

/** Stable across runs and commits: the rule, the path and the blob (or the message when there is none). */
function fingerprint(f: Finding): string {
  return createHash("sha256").update(`${f.rule}\0${f.path}\0${f.object ?? f.message}`).digest("hex").slice(0, 32);
}
