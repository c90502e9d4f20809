import type { RuleId } from "@ballast/config";

/** One thing a check found: the JSON contract of SPEC.md. */
export interface Finding {
  rule: RuleId;
  severity: "error" | "warning";
  path: string;
  size?: number;
  object?: string;
  commit?: string;
  message: string;
  /** The exact command that fixes it, where one exists. */
  fix?: string;
}

/** A file redirected to object storage by this run. */
export interface StowedFile {
  path: string;
  reference: string;
  sha256: string;
  size: number;
}

export interface ReportSummary {
  /** How many blobs (or files) were judged. */
  checked: number;
  errors: number;
  warnings: number;
  stowed: number;
  /** True when the outcome is exit code 1. */
  blocked: boolean;
  [key: string]: unknown;
}

/** What every command returns; the CLI renders it and maps `blocked` to the exit code. */
export interface Report {
  version: 1;
  command: string;
  findings: Finding[];
  stowed: StowedFile[];
  summary: ReportSummary;
  /** Extra lines for people (not part of the JSON contract's findings). */
  notes?: string[];
}

export function makeReport(command: string, findings: Finding[], extra: { checked: number; stowed?: StowedFile[]; notes?: string[] }): Report {
  const errors = findings.filter((f) => f.severity === "error").length;
  const stowed = extra.stowed ?? [];
  return {
    version: 1,
    command,
    findings,
    stowed,
    summary: { checked: extra.checked, errors, warnings: findings.length - errors, stowed: stowed.length, blocked: errors > 0 },
    ...(extra.notes?.length ? { notes: extra.notes } : {}),
  };
}
