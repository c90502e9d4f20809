import { expect } from "vitest";
import { printedFindings, runPrinted, type Printed } from "./printed.js";

export interface Attempt {
  status: number;
  output: string;
}

export interface Proof {
  /** What the finding must be: its rule and path, a warning or an error. */
  rule: string;
  path: string;
  warning?: boolean;
  /** Where no command can fix it: the words it must say instead, and no `fix:` line. */
  words?: RegExp;
  /** The folder where the finding was printed (where a person would paste the fix). */
  where: string;
  /** The original action: a commit, a push, a scan, a verify. */
  act: () => Attempt;
  /** The action to repeat after the fix, when it differs (a rewritten pushed branch is force-pushed). */
  again?: (fixOutput: string) => Attempt;
}

/**
 * A fix must fix (SPEC): do the action, find the finding as a person saw it, run its fix
 * exactly as printed through sh in the folder where it was printed, repeat the action,
 * and the finding is gone. Where no command can fix it, the finding says what to do in
 * words and prints no fix.
 */
export function prove(p: Proof): Printed & { first: Attempt } {
  const first = p.act();
  const finding = printedFindings(first.output).find((f) => f.rule === p.rule && f.path === p.path);
  expect(finding, `no ${p.rule} finding for ${p.path} in:\n${first.output}`).toBeDefined();
  expect(first.status, first.output).toBe(p.warning ? 0 : 1);
  if (p.words) {
    expect(finding!.fix, first.output).toBeUndefined();
    expect(finding!.message).toMatch(p.words);
    return { ...finding!, first };
  }
  expect(finding!.fix, `no fix printed in:\n${first.output}`).toBeDefined();
  const ran = runPrinted(finding!.fix!, p.where);
  expect(ran.status, `${finding!.fix} failed:\n${ran.output}`).toBe(0);
  const second = (p.again ?? p.act)(ran.output);
  const still = printedFindings(second.output).filter((f) => f.rule === p.rule && f.path === p.path);
  expect(still, `after ${finding!.fix}:\n${second.output}`).toEqual([]);
  expect(second.status, second.output).toBe(0);
  return { ...finding!, first };
}

/** The force push a history rewrite printed for a branch already on the remote. */
export function forcePushFrom(output: string): string {
  const line = /^\s*(git push --force\S* .+)$/m.exec(output)?.[1];
  expect(line, `no force push printed in:\n${output}`).toBeDefined();
  return line!.trim();
}
