import type { Command } from "../types.js";
import { checkCommand } from "./check.js";
import { preCommitCommand } from "./pre-commit.js";

/** Every command, in the order `ballast --help` lists them. Adding one: one file, one line. */
export const commands: Command[] = [preCommitCommand, checkCommand];
