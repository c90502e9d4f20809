import type { Finding } from "../report/types.js";
import type { Detection } from "../rules/types.js";
import type { Policy } from "./policy.js";

/**
 * Apply the config to what the rules detected: "off" drops a finding, "warn" makes it a
 * warning, "error" keeps the rule's own level (a size over `warn` stays a warning).
 */
export function decide(detections: Detection[], policy: Policy): Finding[] {
  const findings: Finding[] = [];
  for (const d of detections) {
    const setting = policy.ruleSetting(d.rule, d.path);
    if (setting === "off") continue;
    const severity = setting === "warn" || d.level === "warn" ? "warning" : "error";
    const finding: Finding = { rule: d.rule, severity, path: d.path, message: d.message };
    if (d.size !== undefined) finding.size = d.size;
    if (d.object) finding.object = d.object;
    if (d.commit) finding.commit = d.commit;
    if (d.fix) finding.fix = d.fix;
    findings.push(finding);
  }
  // One error says enough about a blob at a path: its warnings (say, a size warning beside
  // a binary error) would only repeat it. Warnings about other blobs that passed through
  // the same path in a range are their own news, and stay.
  const blocked = new Set(findings.filter((f) => f.severity === "error").map(blobAt));
  return findings.filter((f) => f.severity === "error" || !blocked.has(blobAt(f))).sort(byPathThenRule);
}

const blobAt = (f: Finding) => `${f.path}\0${f.object ?? ""}`;

function byPathThenRule(a: Finding, b: Finding): number {
  if (a.severity !== b.severity) return a.severity === "error" ? -1 : 1;
  return a.path < b.path ? -1 : a.path > b.path ? 1 : a.rule.localeCompare(b.rule);
}
