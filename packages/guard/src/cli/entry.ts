/**
 * The CLI as bin.cjs loads it (dist/cli.cjs): main() plus the early git processes that
 * bin.cjs started before this file was even read, adopted by this bundle's spawnGit().
 */
export { main } from "./main.js";
export { adoptEarly, discardEarly } from "../git/exec.js";
