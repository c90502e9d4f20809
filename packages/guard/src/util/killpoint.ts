/**
 * Named points where tests can make ballast die as if by `kill -9`, to prove that an
 * interruption at any step leaves the repository as it was or completed.
 *
 * Only active when BALLAST_TEST_KILL_AT names the point (e.g. "stow:after-cache");
 * "stow:after-cache:2" kills at the second time that point is reached. Costs one
 * environment lookup otherwise. Call it between steps that change state.
 */
const counts = new Map<string, number>();

export function killPoint(name: string): void {
  const target = process.env.BALLAST_TEST_KILL_AT;
  if (!target) return;
  const [point, nth = "1"] = target.split(/:(?=\d+$)/);
  if (point !== name) return;
  const seen = (counts.get(name) ?? 0) + 1;
  counts.set(name, seen);
  if (seen === Number(nth)) process.kill(process.pid, "SIGKILL");
}
