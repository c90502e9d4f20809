import path from "node:path";
import { presets, type PresetName } from "@ballast/config";

/** The file init writes: ESM with comments, typed for editors, no import needed at run time. */
export const CONFIG_FILE = "ballast.config.mjs";

export interface ConfigFileOptions {
  preset: PresetName;
  /** The git root: the config sits there, because rule globs are repository paths. */
  root: string;
  /** The package folder relative to the root, when it is a monorepo subfolder. */
  subdir: string;
}

/**
 * The store a new config points at: a folder beside the repository, named after it.
 * Outside the working tree so nothing stowed is ever committed; named after the repo so
 * a second clone next to the first (`../bot` and `../bot-copy`) finds the same folder.
 */
export function defaultStore(root: string): string {
  return `file://../${path.basename(root)}-ballast-store`;
}

/** The text of a new `ballast.config.mjs`. */
export function configFileText({ preset, root, subdir }: ConfigFileOptions): string {
  const redirect = subdir ? prefixed(preset, subdir) : [];
  const lines = [
    "// ballast: keeps large files and broken Git LFS pointers out of this repository and",
    "// sends model files to object storage, with a small reference committed instead.",
    "// Written by `npx ballast init`. Every key: docs/configuration.md in the ballast repository.",
    "",
    '/** @type {import("@ballast/config").BallastConfig} */',
    "export default {",
    `  // ${PRESET_NOTES[preset]}`,
    `  extends: [${JSON.stringify(preset)}],`,
    ...(redirect.length
      ? [
          `  // This project lives in ${subdir}/; rule globs are paths from the repository root.`,
          `  redirect: { files: ${JSON.stringify(redirect)} },`,
        ]
      : []),
    "",
    "  // Where redirected model files go (content-addressed: each version is stored once).",
    "  // A folder beside the repository is enough on one machine and for trying ballast out.",
    "  // For a team, use a bucket; credentials come from the AWS SDK's own chain",
    "  // (AWS_PROFILE, AWS_ACCESS_KEY_ID, an instance role), never from this file:",
    '  //   store: { url: "s3://my-bucket/ballast", region: "eu-west-1" },',
    '  // MinIO, Cloudflare R2, GCS: add endpoint: "https://…" and forcePathStyle: true.',
    "  // CI and forks can point elsewhere with BALLAST_STORE=s3://… (docs/storage.md).",
    `  store: ${JSON.stringify(defaultStore(root))},`,
    "};",
    "",
  ];
  return lines.join("\n");
}

const PRESET_NOTES: Record<PresetName, string> = {
  recommended: "recommended: warn over 1 MB, block over 10 MB, binaries over 1 MB.",
  rasa: "rasa: the recommended limits, and models/**/*.tar.gz redirected to the store at commit.",
  ml: "ml: the recommended limits, and model formats (.pt, .onnx, .safetensors …) redirected.",
  github: "github: GitHub's own limits (warn at 50 MiB, GitHub rejects over 100 MiB).",
  gitlab: "gitlab: GitLab.com's own limits (rejects blobs over 100 MiB).",
  huggingface: "huggingface: the Hub's limits (files over 10 MB need LFS there).",
  strict: "strict: tight limits (block over 1 MB), secrets forbidden, every rule blocks.",
};

/** The preset's root-relative redirect globs, repeated under the project's subfolder. */
function prefixed(preset: PresetName, subdir: string): string[] {
  const files: readonly string[] = (presets[preset] as { redirect?: { files?: readonly string[] } }).redirect?.files ?? [];
  return files.filter((glob) => !glob.startsWith("**/")).map((glob) => `${subdir}/${glob}`);
}
