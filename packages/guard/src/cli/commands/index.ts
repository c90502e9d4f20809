import type { Command } from "../types.js";
import { checkCommand } from "./check.js";
import { doctorCommand } from "./doctor.js";
import { initCommand } from "./init.js";
import { preCommitCommand } from "./pre-commit.js";
import { prePushCommand } from "./pre-push.js";
import { scanCommand } from "./scan.js";
import { verifyCommand } from "./verify.js";
import { auditCommand } from "./audit.js";
import { pullCommand } from "./pull.js";
import { pushCommand } from "./push.js";
import { statusCommand } from "./status.js";
import { stowCommand } from "./stow.js";
import { migrateCommand } from "./migrate.js";

/** Every command, in the order `ballast --help` lists them. Adding one: one file, one line. */
export const commands: Command[] = [initCommand, preCommitCommand, prePushCommand, checkCommand, scanCommand, verifyCommand, stowCommand, pullCommand, pushCommand, statusCommand, auditCommand, migrateCommand, doctorCommand];
