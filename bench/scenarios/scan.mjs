// `ballast scan --all` against git's floors, measured in the same rounds:
//   floor           git rev-list --objects --all | git cat-file --batch-check
//   content floor   the same, plus cat-file --batch of every blob up to 512 kB (issue 15)
// and, where installed, `git lfs fsck --pointers` on the same repository (it checks the
// pointers of HEAD and the index, a smaller job than every object of the history).
// Each process runs under GNU time where installed: wall, CPU and peak RSS.
import { gitSync } from "../lib/generate.mjs";
import { assertFloorFindsObjects, contentScript, floorScript, measureCommands } from "../lib/measure.mjs";
import { FLOOR_READ } from "./prepush.mjs";

/** Blobs up to this size are read by ballast's pointer rules (POINTER_SNIFF_SIZE). */
export const SNIFF_BYTES = 8192;

export async function benchScan({ dirs, bin, rounds, machine, log }) {
  const rows = [];
  for (const dir of dirs) {
    const objects = gitSync(dir, ["rev-list", "--objects", "--all"]).split("\n").length;
    const files = gitSync(dir, ["ls-files"]).split("\n").length;
    assertFloorFindsObjects(dir, ["--all"]);
    const commands = {
      floor: ["sh", ["-c", `${floorScript(["--all"])} >/dev/null`], {}],
      content: ["sh", ["-c", contentScript(["--all"], FLOOR_READ)], {}],
      ballast: [process.execPath, [bin, "scan", "--all"], { ok: [0, 1] }],
    };
    if (machine.gitLfs) commands.lfs = ["git", ["lfs", "fsck", "--pointers"], {}];
    const { row: measuredRow } = await measureCommands(commands, { cwd: dir, rounds });
    const row = { repo: `${files.toLocaleString("en")} files`, objects, ...measuredRow };
    rows.push(row);
    log(`scan --all ${row.repo} (${objects} objects): ballast ${row.ballast.toFixed(0)} ms (CPU ${row.cpu?.toFixed(0)}), floor ${row.floor.toFixed(0)} ms, content ${row.content.toFixed(0)} ms, git lfs fsck ${row.lfs?.toFixed(0) ?? "–"} ms`);
  }
  return { available: true, rows };
}
