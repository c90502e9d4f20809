/** One line of `ballast doctor`'s diagnosis. */
export interface DoctorCheck {
  id: "git" | "git-lfs" | "lfs-hooks" | "hooks" | "config" | "store" | "objects" | "cache";
  status: "ok" | "warn" | "fail";
  /** What was found, in a sentence. */
  detail: string;
  /** Every problem, one per line (config problems, missing hooks). */
  problems?: string[];
  /** The command that fixes it. */
  fix?: string;
}
