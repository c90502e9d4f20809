import { verifyCheckout } from "../../api/verify.js";
import { renderFindings } from "../render.js";
import type { Command } from "../types.js";

export const verifyCommand: Command = {
  name: "verify",
  summary: "check a checkout before a build: no unsmudged LFS pointers, every stowed file present and matching (no .git needed)",
  usage: "ballast verify [PATH...]",
  async run({ positionals, global }) {
    const report = await verifyCheckout({
      cwd: global.cwd,
      ...(global.config ? { configFile: global.config } : {}),
      ...(positionals.length ? { paths: positionals } : {}),
    });
    return { report, render: (chalk) => renderFindings(report, chalk, "verified") };
  },
};
