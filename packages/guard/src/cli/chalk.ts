import type { ChalkInstance } from "chalk";

/** chalk for what the CLI writes, following chalk's own rules (NO_COLOR, FORCE_COLOR, a TTY). */
export async function makeChalk(io: { stderr: { isTTY?: boolean }; env: NodeJS.ProcessEnv }): Promise<ChalkInstance> {
  const { Chalk, supportsColorStderr } = await import("chalk");
  const level = supportsColorStderr ? supportsColorStderr.level : 0;
  return new Chalk({ level: io.stderr.isTTY || io.env.FORCE_COLOR ? level : 0 });
}

/** chalk at level 0 without loading chalk: every style (chained or called) returns its text. */
export const plainChalk: ChalkInstance = new Proxy(() => {}, {
  // Not a thenable: it may be the value a promise resolves to.
  get: (_target, key) => (key === "level" ? 0 : key === "then" ? undefined : plainChalk),
  apply: (_target, _this, args: unknown[]) => args.join(" "),
}) as unknown as ChalkInstance;
