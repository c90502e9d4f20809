import { checkPaths, checkStaged } from "../../api/check.js";
import type { Command } from "../types.js";

export const checkCommand: Command = {
  name: "check",
  async run({ positionals, global }) {
    const options = { cwd: global.cwd, ...(global.config ? { configFile: global.config } : {}) };
    const report = positionals.length > 0 ? await checkPaths({ ...options, paths: positionals }) : await checkStaged(options);
    return { report };
  },
};
