import { verifyCheckout } from "../../api/verify.js";
import { renderFindings } from "../render.js";
import type { Command } from "../types.js";

export const verifyCommand: Command = {
  name: "verify",
  async run({ positionals, global }) {
    const report = await verifyCheckout({
      cwd: global.cwd,
      ...(global.config ? { configFile: global.config } : {}),
      ...(positionals.length ? { paths: positionals } : {}),
    });
    return { report, render: (chalk) => renderFindings(report, chalk, "verified") };
  },
};
