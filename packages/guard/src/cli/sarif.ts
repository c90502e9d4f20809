import { RULE_IDS, type RuleId } from "@ballast/config";
import { createHash } from "node:crypto";
import type { Finding, Report } from "../report/types.js";

/** What each rule guards, for code scanning's rule help. One entry per rule id. */
const RULE_TEXT: Record<RuleId, { name: string; short: string; full: string }> = {
  size: { name: "LargeFile", short: "A file is larger than its size limit", full: "Large files make every clone slow and hosts reject them past their limits. Stow it in object storage, or raise the limit for its path." },
  binary: { name: "LargeBinary", short: "A binary file is larger than the binary limit", full: "Git keeps every version of a binary whole, forever. Stow it, track it with Git LFS, or allow its path." },
  "lfs-pointer-untracked": { name: "LfsPointerUntracked", short: "Git LFS pointer text at a path LFS does not track", full: "Whoever checks this path out gets the pointer text instead of the file (a Dockerfile that is pointer text breaks every image build)." },
  "lfs-not-pointer": { name: "LfsNotPointer", short: "An LFS-tracked path holds the real file instead of a pointer", full: "The path is filter=lfs in .gitattributes but its real bytes were committed: git-lfs was not installed or set up." },
  "lfs-malformed": { name: "LfsMalformedPointer", short: "Almost a Git LFS pointer, but git-lfs would not decode it (or did not write it)", full: "git-lfs passes text it cannot decode through as text (an extra line, an unknown key, a wrong version, uppercase hex, a bad size): the checkout gets the broken pointer. A pointer git-lfs decodes but would not write so (CRLF, no final newline, size +5) is a warning: it works, but git lfs fsck --pointers flags it." },
  "lfs-missing-object": { name: "LfsMissingObject", short: "A Git LFS pointer whose object is not available", full: "The LFS object behind this pointer is not here: the pushed pointer cannot be downloaded, or the checkout was never smudged (run git lfs pull)." },
  redirect: { name: "ModelFileInGit", short: "A model file committed to git instead of object storage", full: "Model files belong in object storage, with a small .ballast reference committed in their place (ballast stow)." },
  "unresolved-reference": { name: "UnresolvedReference", short: "A ballast reference whose file cannot be found or does not match", full: "The stowed file is not in the cache, storage or the checkout, or differs from its reference's size and sha256 (run ballast pull)." },
  forbidden: { name: "ForbiddenFile", short: "A file matches a forbidden pattern", full: "Secrets and environment files must never be committed." },
};

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
              name: RULE_TEXT[id].name,
              shortDescription: { text: RULE_TEXT[id].short },
              fullDescription: { text: RULE_TEXT[id].full },
              help: { text: `${RULE_TEXT[id].full} Configure it under "rules": { "${id}": "error" | "warn" | "off" } in the ballast config.` },
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
