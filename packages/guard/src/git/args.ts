/**
 * The git processes every commit's hook runs, named once: by the code that runs them and
 * by cli/early.ts, which starts them before that code has loaded (see git/exec.ts
 * startEarly). The arguments must match exactly for the early process to be used.
 */

/** The staged changes: added, modified, type-changed and deleted entries (a deleted .gitattributes changes what other files are), NUL-separated, full ids. */
export const STAGED_DIFF_ARGS = ["diff", "--cached", "--raw", "-z", "--no-abbrev", "--no-renames", "--no-ext-diff", "--diff-filter=AMTD"];

/** Sizes, then the first bytes of some blobs, in one process (git 2.36+). */
export const BATCH_COMMAND_ARGS = ["cat-file", "--batch-command", "--buffer"];

/** The `filter` attribute of paths read on stdin, from the .gitattributes in the index. */
export const CHECK_ATTR_CACHED_ARGS = ["check-attr", "--cached", "-z", "--stdin", "filter"];

/**
 * The first path check-attr is asked: the hook's early check-attr is sent it at once
 * (cli/early.ts), so git reads the index (most of its work in a large repository) while
 * `git diff` runs, not after. Its answer is dropped.
 */
export const CHECK_ATTR_PRIME = ".gitattributes\0";

/**
 * For a git whose output is read whole, not answer by answer: without it, check-attr,
 * log and rev-list flush every record to a pipe (GIT_FLUSH unset means "flush unless
 * stdout is a file"), one write and one wake-up of Node per path or commit. check-attr of
 * 10,000 staged paths: 1,100 chunks and 27 ms, or 60 chunks and 8 ms. Never for a git
 * that is asked one question at a time (hash-object --stdin-paths): it would wait forever.
 */
export const WHOLE_OUTPUT_ENV: NodeJS.ProcessEnv = { GIT_FLUSH: "0" };

/** Pathspecs read with their magic (`:(glob)`), whatever GIT_*_PATHSPECS the caller has set. */
export const GLOB_PATHSPECS_ENV = { GIT_LITERAL_PATHSPECS: "0", GIT_GLOB_PATHSPECS: "0", GIT_NOGLOB_PATHSPECS: "0", GIT_ICASE_PATHSPECS: "0" };
