// Start-up floors: what any Node hook pays before doing anything (`node -e 0`), what one
// git process costs on this machine (`git --version`), and ballast doing nothing
// (`ballast --version`: the bundle's load time).
import { interleave, median, run, runBin } from "../lib/measure.mjs";

export async function benchStartup({ bin, cwd, rounds, log }) {
  const samples = await interleave(
    {
      node: async () => (await run(process.execPath, ["-e", "0"], { cwd })).ms,
      git: async () => (await run("git", ["--version"], { cwd })).ms,
      version: async () => (await runBin(bin, ["--version"], { cwd })).ms,
    },
    { rounds },
  );
  const row = { node: median(samples.node), git: median(samples.git), version: median(samples.version), samples };
  log(`start-up: node -e 0 ${row.node.toFixed(0)} ms, git --version ${row.git.toFixed(0)} ms, ballast --version ${row.version.toFixed(0)} ms`);
  return row;
}
