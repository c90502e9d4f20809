/** What `ballast init` was asked to do (the API's and the CLI's options). */
export interface InitOptions {
  /** Where to run (default: process.cwd()): the folder with package.json, or below it. */
  cwd?: string;
  /** A preset to extend; detected from the tree when not given. */
  preset?: string;
  /** pre-commit runs lint-staged, and lint-staged's config gets a `ballast check` task. */
  lintStaged?: boolean;
  /** Do not run the package manager (husky is then listed as a step left to do). */
  install?: boolean;
}

/** One thing init did, or found already done, or left for the user. */
export interface InitAction {
  /** A file relative to the git root, or a setting (`core.hooksPath`). */
  target: string;
  status: "created" | "updated" | "unchanged" | "todo" | "warning";
  detail: string;
  /** For "todo" and "warning": the command that finishes the job. */
  fix?: string;
}
