import { push } from "../../api/push.js";
import { progressLine } from "../../util/progress.js";
import type { Command } from "../types.js";

export const pushCommand: Command = {
  name: "push",
  maxPositionals: 0,
  async run({ global, io }) {
    const bar = progressLine(io.progress, io.interactive);
    try {
      const report = await push({
        cwd: global.cwd,
        ...(global.config ? { configFile: global.config } : {}),
        onProgress: (p) => bar.update(`uploading ${p.done + 1}/${p.count}`, p.path, p.bytes, p.total),
      });
      return { report };
    } finally {
      bar.done();
    }
  },
};
