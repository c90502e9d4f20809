/**
 * Every sentence a user reads lives in messages/, one file per area, so the voice stays
 * the same and every blocking message ends with the exact command that fixes it. Errors
 * too: code outside messages/ never spells a message or a fix, it names one from here.
 */
export { BIN, INSTALL, fixes, messages, hints, pointerReasons, ruleWords } from "./messages/findings.js";
export { rangeFixes, rangeMessages, pushWords } from "./messages/range.js";
export { historyFixes, historyWords, pointerWords } from "./messages/history.js";
export { stowWords, pullWords, fileWords, referenceReasons, referenceWords } from "./messages/store.js";
export { storageWords } from "./messages/storage.js";
export { hookWords, initWords } from "./messages/init.js";
export { doctorWords } from "./messages/doctor.js";
export { cliWords, githubWords } from "./messages/cli.js";
export { migrateWords } from "./messages/migrate.js";
export { receiveWords } from "./messages/receive.js";
export { gitWords, repoWords } from "./messages/git.js";
export { configProblem, configNote, configWords } from "./messages/config.js";
