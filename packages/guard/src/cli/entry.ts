import { discardEarly } from "../git/early.js";
import { main as run, type MainIO } from "./main.js";

/**
 * The CLI as bin.cjs loads it (dist/cli.cjs): main(), after which the git processes
 * bin.cjs may have started early (git/early.ts) and nobody used are ended.
 */
export async function main(argv: string[], io: MainIO): Promise<number> {
  try {
    return await run(argv, io);
  } finally {
    discardEarly();
  }
}
