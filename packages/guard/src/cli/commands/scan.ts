import { checkRange, type RangeProgress } from "../../api/scan.js";
import type { Command } from "../types.js";

export const scanCommand: Command = {
  name: "scan",
  maxPositionals: 0,
  options: { range: { type: "string" }, all: { type: "boolean" } },
  async run({ values, global, io }) {
    let shown = false;
    const onProgress: RangeProgress | undefined = io.interactive
      ? (event) => {
          shown = true;
          const text = event.phase === "walk" ? `walking history: ${event.blobs} blobs` : `judging ${event.blobs} blobs`;
          io.progress(`\r\u001b[2Kballast: ${text}`);
        }
      : undefined;
    try {
      const report = await checkRange({
        cwd: global.cwd,
        ...(global.config ? { configFile: global.config } : {}),
        ...(values.range !== undefined ? { range: values.range as string } : {}),
        ...(values.all ? { all: true } : {}),
        ...(onProgress ? { onProgress } : {}),
        // CI (GitHub Actions, GitLab, … set CI): what it scans was pushed, whatever refs the checkout has.
        ...(process.env.CI && process.env.CI !== "false" ? { pushed: true } : {}),
      });
      return { report };
    } finally {
      if (shown) io.progress("\r\u001b[2K");
    }
  },
};
