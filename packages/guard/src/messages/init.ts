import { shellQuote } from "../util/shell.js";
import { INSTALL } from "./findings.js";

/** Words written into hook scripts: they speak when ballast itself cannot run. */
export const hookWords = {
  notInstalled: (bin: string, install: string, hook: string) =>
    `${bin} is not installed yet: run ${install} (to skip this check once: BALLAST_SKIP=1 git ${hook === "pre-push" ? "push" : "commit"})`,
  /** Run once where node works: husky sources ~/.config/husky/init.sh before every hook. */
  noNodeFix: 'mkdir -p ~/.config/husky && echo "export PATH=\\"$(dirname "$(command -v node)"):\\$PATH\\"" >> ~/.config/husky/init.sh',
  noNode: (hook: string) =>
    `ballast: git runs this hook without node on its PATH (a GUI git client, or nvm not loaded for it), so ballast cannot check. In a terminal where node works, run once: ${hookWords.noNodeFix} (to skip this check once: BALLAST_SKIP=1 git ${hook === "pre-push" ? "push" : "commit"})`,
  lfsMissing: () =>
    "This repository uses Git LFS, but git-lfs is not installed: install it (https://git-lfs.com), then run: git lfs install --local --skip-repo",
};

/** `ballast init`. */
export const initWords = {
  noPackageJson: () =>
    "there is no package.json here or above (up to the repository root): ballast is installed with npm, from the tarballs packed into vendor/ballast (README, \"In your own repository\")",
  // Not `npm install -D @ballast/guard`: the packages are not on the registry yet (README).
  noPackageJsonFix: `npm init -y && ${INSTALL} && npx ballast init`,
  badPreset: (name: string, names: readonly string[]) => `"${name}" is not a preset; the presets are ${names.join(", ")}`,
  badPresetFix: "npx ballast init --preset rasa",
  foreignHooksPath: (hooksPath: string) =>
    `core.hooksPath is set to ${hooksPath} by another hook manager; init would take it over and those hooks would stop running`,
  /**
   * Lines that work in a plain hook: git runs hooks at the top of the working tree with the
   * user's PATH, where node_modules/.bin is not; `|| exit $?` so a later line cannot hide a block.
   */
  foreignHooksPathFix: (hooksPath: string, subdir: string) => {
    const run = (args: string) => (subdir ? `(cd ${shellQuote(subdir)} && node_modules/.bin/ballast ${args}) || exit $?` : `node_modules/.bin/ballast ${args} || exit $?`);
    return `add the line ${run("pre-commit")} to ${hooksPath}/pre-commit and ${run('pre-push "$@"')} to ${hooksPath}/pre-push (before any exit), or: git config --unset core.hooksPath && npx ballast init`;
  },
  configWritten: (preset: string, detected: boolean) => `config written, extending the ${preset} preset${detected ? " (detected from the files here)" : ""}`,
  configKept: (preset?: string) => `config already present, kept as it is${preset ? ` (--preset ${preset} not applied)` : ""}`,
  hook: (hook: string, plan: { lfs: boolean; lintStaged: boolean }) => {
    if (hook === "pre-commit") return plan.lintStaged ? "runs lint-staged, which runs ballast check" : "runs ballast pre-commit";
    if (hook === "pre-push") return plan.lfs ? 'runs ballast pre-push "$@", then git lfs pre-push "$@"' : 'runs ballast pre-push "$@"';
    return `runs git lfs ${hook} (husky owns core.hooksPath, so git-lfs cannot install it)`;
  },
  gitignore: "node_modules/ is ignored, so git add -A leaves installed packages out",
  lintStagedTask: 'lint-staged runs "ballast check" on the staged files',
  lintStagedManual: (task: string) => `this lint-staged config is code or YAML, which ballast does not rewrite: add ${task} to it`,
  lintStagedManualFix: (task: string, file: string) => `add ${task} to ${file}`,
  leftToDo: (fix: string) => `one step is left for you, or commits are not guarded: ${fix}`,
  huskyMissing: "husky is not installed",
  prepare: (unchanged: boolean) => (unchanged ? '"prepare" already runs husky' : '"prepare": "husky" added: npm install sets the hooks up in every clone'),
  dependency: (name: string) => `${name} is a dev dependency`,
  dependencyAdded: (name: string, command: string) => `${name} is a dev dependency (${command})`,
  dependencyTodo: (name: string) => `${name} must be a dev dependency so every clone gets the hooks`,
  dependencyFailed: (name: string, output: string) =>
    `${name} could not be added (${output.split("\n").filter(Boolean).pop() ?? "the package manager failed"})`,
  hooksActive: (dir: string) => `hooks active now (core.hooksPath = ${dir})`,
  huskyFailed: (output: string) => `husky could not set the hooks up${output ? `: ${output}` : ""}`,
  lfsMissing: "this repository uses Git LFS but git-lfs is not installed: LFS files will not be uploaded or checked out",
  lfsInstallFix: "install git-lfs (https://git-lfs.com), then run: npx ballast init",
  lfsFilters: "git-lfs filters set for this clone",
  lfsFiltersInstalled: "git-lfs filters set for this clone (git lfs install --local --skip-repo)",
  foreignHook: (name: string) =>
    `will no longer run: husky now owns core.hooksPath. Move its commands into .husky/${name} (and delete it from .git/hooks)`,
  alreadySetUp: "ballast is already set up in this repository: nothing changed",
  next: (install: string) =>
    `Commit the changes (git add -A && git commit -m "Set up ballast"); teammates get the hooks with: ${install}`,
};
