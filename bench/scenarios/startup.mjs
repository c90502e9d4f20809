// Start-up floors: what any Node hook pays before doing anything (`node -e 0`), what one
// git process costs on this machine (`git --version`), and ballast doing nothing
// (`ballast --version`: the bundle's load time). Where the caller's environment sets a
// variable that makes every Node start slower (START_UP_ENV), `node -e 0` with it too.
import { cleanEnv, interleave, median, run, runBin, START_UP_ENV } from "../lib/measure.mjs";

export async function benchStartup({ bin, cwd, rounds, log }) {
  const slowing = Object.fromEntries(START_UP_ENV.filter((k) => process.env[k]).map((k) => [k, process.env[k]]));
  const withSlowing = Object.keys(slowing).length > 0;
  const samples = await interleave(
    {
      node: async () => (await run(process.execPath, ["-e", "0"], { cwd })).ms,
      ...(withSlowing ? { nodeSlowed: async () => (await run(process.execPath, ["-e", "0"], { cwd, env: cleanEnv(slowing) })).ms } : {}),
      git: async () => (await run("git", ["--version"], { cwd })).ms,
      version: async () => (await runBin(bin, ["--version"], { cwd })).ms,
    },
    { rounds },
  );
  const row = { node: median(samples.node), git: median(samples.git), version: median(samples.version), samples };
  if (withSlowing) row.slowed = { names: Object.keys(slowing), node: median(samples.nodeSlowed) };
  log(`start-up: node -e 0 ${row.node.toFixed(0)} ms${row.slowed ? ` (${row.slowed.node.toFixed(0)} ms with this machine's ${row.slowed.names.join(", ")})` : ""}, git --version ${row.git.toFixed(0)} ms, ballast --version ${row.version.toFixed(0)} ms`);
  return row;
}
