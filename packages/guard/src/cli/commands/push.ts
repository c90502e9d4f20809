import { push } from "../../api/push.js";
import { progressLine } from "../../util/progress.js";
import type { Command } from "../types.js";

export const pushCommand: Command = {
  name: "push",
  // --force: upload what storage already has too (replaces a damaged stored copy).
  options: { force: { type: "boolean" } },
  async run({ positionals, values, global, io }) {
    const bar = progressLine(io.progress, io.interactive);
    try {
      const report = await push({
        cwd: global.cwd,
        ...(global.config ? { configFile: global.config } : {}),
        ...(values.force ? { force: true } : {}),
        ...(positionals.length > 0 ? { paths: positionals } : {}),
        onProgress: (p) => bar.update(`uploading ${p.done + 1}/${p.count}`, p.path, p.bytes, p.total),
      });
      return { report };
    } finally {
      bar.done();
    }
  },
};
