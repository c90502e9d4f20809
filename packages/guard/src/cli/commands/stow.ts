import { stow } from "../../api/stow.js";
import { progressLine } from "../../util/progress.js";
import type { Command } from "../types.js";

export const stowCommand: Command = {
  name: "stow",
  async run({ positionals, global, io }) {
    const bar = progressLine(io.progress, io.interactive);
    try {
      const report = await stow({
        cwd: global.cwd,
        ...(global.config ? { configFile: global.config } : {}),
        paths: positionals,
        onProgress: (p) => bar.update("hashing", p.path, p.bytes, p.total),
      });
      return { report };
    } finally {
      bar.done();
    }
  },
};
