/**
 * Every command's help, in one place: what `ballast --help` lists, and what
 * `ballast help CMD` and `ballast CMD --help` print. A command's own file holds its code
 * only; a command listed here before its code exists (being built elsewhere) is shown
 * in help all the same.
 */
export interface CommandHelp {
  usage: string;
  summary: string;
  /** Each option the command adds to the global ones: how it is written, what it does. */
  options?: Array<[flag: string, text: string]>;
  /** Examples or notes, one per line. */
  notes?: string[];
}

/** In the order `ballast --help` lists them (SPEC's order). */
export const HELP: Record<string, CommandHelp> = {
  init: {
    usage: "ballast init [--preset NAME] [--lint-staged]",
    summary: 'set ballast up here: config file, husky hooks (pre-commit, pre-push), "prepare": "husky"',
    options: [
      ["--preset NAME", "the preset the new config extends (recommended, github, gitlab, huggingface, rasa, ml, strict)"],
      ["--lint-staged", "run ballast check from lint-staged instead of a bare pre-commit hook"],
      ["--no-install", "do not add @ballast/guard and husky with the package manager"],
    ],
  },
  "pre-commit": {
    usage: "ballast pre-commit",
    summary: "hook entry: check the staged snapshot, redirect model files",
    notes: ["git runs it before each commit; to skip once: BALLAST_SKIP=1 git commit ... (or git commit --no-verify)"],
  },
  "pre-push": {
    usage: "ballast pre-push REMOTE [URL]",
    summary: "hook entry: check every object the push would add; upload stowed objects; block on anything unresolved",
    notes: ["git runs it before each push, with the pushed refs on stdin; to skip once: BALLAST_SKIP=1 git push ..."],
  },
  check: {
    usage: "ballast check [PATH...]",
    summary: "check the staged version of PATHs (all staged changes if none); never changes anything",
    notes: ['what lint-staged runs: { "*": "ballast check" }'],
  },
  scan: {
    usage: "ballast scan [--range A..B | --all]",
    summary: "check every blob reachable in a range (CI); HEAD's history by default",
    options: [
      ["--range A..B", "only what A..B adds, as git log reads it (in CI: origin/main..HEAD)"],
      ["--all", "the history of every branch and tag"],
    ],
  },
  verify: {
    usage: "ballast verify [PATH...]",
    summary: "check a checkout before a build: no unsmudged LFS pointers, every stowed file present and matching (no .git needed)",
    notes: ["in a Dockerfile: RUN npx ballast pull && npx ballast verify"],
  },
  stow: {
    usage: "ballast stow PATH...",
    summary: "redirect files to object storage by hand: cache, reference, .gitignore, staged",
    notes: ["for a file already in a commit, use ballast migrate: stow changes only the next commit"],
  },
  pull: {
    usage: "ballast pull [PATH...] [--force]",
    summary: "restore stowed files from storage, verified (Docker, CI)",
    options: [["--force", "overwrite a local file that differs from its reference"]],
  },
  push: {
    usage: "ballast push [PATH...] [--force]",
    summary: "upload cached objects that storage lacks",
    options: [["--force", "upload even what storage has (replaces a damaged stored copy)"]],
  },
  status: {
    usage: "ballast status [PATH...] [--offline]",
    summary: "each stowed file: present here? cached? in storage?",
    options: [["--offline", "do not ask the store (stored: ?)"]],
  },
  audit: {
    usage: "ballast audit [--range A..B] [--top N]",
    summary: "what weighs on the history: largest blobs, binaries, LFS pointers, by path",
    options: [
      ["--range A..B", "only what A..B adds (default: the whole history)"],
      ["--top N", "how many of the largest blobs to list"],
    ],
  },
  doctor: { usage: "ballast doctor", summary: "check git, git-lfs, the hooks, the config, the store and the cache; exit 1 if something fails" },
  migrate: {
    usage: "ballast migrate [PATH...] [--everything] [--from-lfs] [--dry-run]",
    summary: "rewrite unpushed commits so heavy files become references (--everything: all branches and tags)",
    options: [
      ["--everything", "every local branch and tag, not only what the next push sends (a force push follows)"],
      ["--from-lfs", "Git LFS pointers become references too (bytes from the local LFS store)"],
      ["--dry-run", "list the commits and files it would change, and change nothing"],
    ],
    notes: ["the old tips stay under refs/ballast/backup/, printed with the command that undoes it"],
  },
  receive: {
    usage: "ballast receive [--config FILE] [--trust-code-config]",
    summary: "server hook entry (pre-receive): judge every blob a push brings, with the server's policy",
    options: [["--trust-code-config", "run a config committed as .mjs/.js/.ts on the default branch (else only JSON configs are read)"]],
    notes: ["in a bare repository's hooks/pre-receive; recipes for GitLab, Gitea and GitHub Enterprise Server in docs/server.md"],
  },
};

export const GLOBAL_HELP: Array<[string, string]> = [
  ["--cwd DIR", "run as if started in DIR"],
  ["--config FILE", "use this config file instead of searching for one"],
  ["--format pretty|json|sarif|github", "how to print the report (--json is short for --format json; github: workflow commands and a step summary)"],
  ["--quiet, -q", "print nothing when nothing blocks"],
];

/** `ballast help CMD`, `ballast CMD --help`. */
export function commandHelp(name: string): string {
  const help = HELP[name]!;
  const lines = [`usage: ${help.usage}`, "", help.summary];
  const table = (title: string, rows: Array<[string, string]>) => {
    const width = Math.max(...rows.map(([flag]) => flag.length));
    lines.push("", title, ...rows.map(([flag, text]) => `  ${flag.padEnd(width)}  ${text}`));
  };
  if (help.options?.length) table("options:", help.options);
  table("global options:", GLOBAL_HELP);
  if (help.notes?.length) lines.push("", ...help.notes);
  return `${lines.join("\n")}\n`;
}

/** `ballast --help`: every command, one line each. */
export function generalHelp(version: string): string {
  const names = Object.keys(HELP);
  const width = Math.max(...names.map((name) => name.length));
  return [
    `ballast ${version}: keep the heavy stuff out of git`,
    "",
    "usage: ballast <command> [options]",
    "",
    ...names.map((name) => `  ${name.padEnd(width)}  ${HELP[name]!.summary}`),
    "",
    `options: ${GLOBAL_HELP.map(([flag]) => flag).join("  ")}`,
    "exit codes: 0 nothing blocks, 1 a finding blocks, 2 something else went wrong",
    "skip a hook once: BALLAST_SKIP=1 git commit ... (or git commit --no-verify)",
    "a command's options: ballast help COMMAND (or ballast COMMAND --help)",
    "",
  ].join("\n");
}

/** How an option is written in help ("--range A..B"), for messages about it. */
export function optionSynopsis(command: string | undefined, name: string): string | undefined {
  const rows = [...((command && HELP[command]?.options) || []), ...GLOBAL_HELP];
  return rows.map(([flag]) => flag.split(",")[0]!).find((flag) => flag === `--${name}` || flag.startsWith(`--${name} `));
}
