import type { Command } from "../types.js";
import { checkCommand } from "./check.js";
import { initCommand } from "./init.js";
import { doctorCommand } from "./doctor.js";
import { preCommitCommand } from "./pre-commit.js";
import { pullCommand } from "./pull.js";
import { pushCommand } from "./push.js";
import { statusCommand } from "./status.js";
import { stowCommand } from "./stow.js";

/** Every command, in the order `ballast --help` lists them. Adding one: one file, one line. */
export const commands: Command[] = [initCommand, preCommitCommand, checkCommand, stowCommand, pullCommand, pushCommand, statusCommand, doctorCommand];
