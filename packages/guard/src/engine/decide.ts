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
  // One error says enough about a file: its warnings (say, a size warning beside a
  // binary error) would only repeat it.
  const blocked = new Set(findings.filter((f) => f.severity === "error").map((f) => f.path));
  return findings.filter((f) => f.severity === "error" || !blocked.has(f.path)).sort(byPathThenRule);
}

function byPathThenRule(a: Finding, b: Finding): number {
  if (a.severity !== b.severity) return a.severity === "error" ? -1 : 1;
  return a.path < b.path ? -1 : a.path > b.path ? 1 : a.rule.localeCompare(b.rule);
}
