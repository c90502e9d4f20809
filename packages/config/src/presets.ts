import type { BallastConfig } from "./types.js";

/**
 * The built-in presets. Every number carries the reason it is what it is; where a
 * number is a host's, it is the host's own documented limit, so that nothing the
 * host would reject gets past a commit.
 */
export const presets = {
  /** Sane limits for any repository. */
  recommended: {
    limits: {
      // pre-commit's check-added-large-files warns at 500 kB; most source files are
      // far below 1 MB, so 1 MB flags the unusual without flagging lock files.
      warn: "1 MB",
      // A 10 MB blob stays in every clone forever; past this size a file belongs in
      // object storage or LFS, not in history.
      block: "10 MB",
      // Binaries do not diff or merge, so every version is stored whole: 1 MB of
      // binary is already a lot to carry in each clone.
      binary: "1 MB",
    },
    // Fonts, icons and images under the binary limit pass anyway; these are common
    // binary assets that are legitimately committed and rarely change.
    allow: ["**/*.woff", "**/*.woff2", "**/*.ico"],
  },

  /** GitHub's hard limits. */
  github: {
    limits: {
      // GitHub warns on push for files over 50 MiB.
      warn: "50 MiB",
      // GitHub rejects any push that contains a file over 100 MiB
      // ("GitHub blocks files larger than 100 MiB", docs: About large files on GitHub).
      block: "100 MiB",
    },
  },

  /** GitLab.com's hard limits. */
  gitlab: {
    limits: {
      // GitLab.com (Free) rejects pushes with blobs over 100 MiB
      // ("You are attempting to check in one or more blobs which exceed the 100.0MiB limit").
      block: "100 MiB",
      warn: "50 MiB",
    },
  },

  /** Hugging Face Hub's limits. */
  huggingface: {
    limits: {
      // The Hub refuses files over 10 MB that are not stored with LFS/Xet.
      block: "10 MB",
      warn: "5 MB",
    },
  },

  /** Rasa bots: trained models in models/ go to object storage. */
  rasa: {
    extends: ["recommended"],
    redirect: {
      // `rasa train` writes models/<timestamp>-<name>.tar.gz, tens to hundreds of MB each.
      files: ["models/**/*.tar.gz"],
      mode: "auto",
    },
  },

  /** Common model and checkpoint formats go to object storage. */
  ml: {
    extends: ["recommended"],
    redirect: {
      files: [
        "**/*.pt",
        "**/*.pth",
        "**/*.ckpt",
        "**/*.onnx",
        "**/*.safetensors",
        "**/*.gguf",
        "**/*.h5",
        "**/*.keras",
        "**/*.tflite",
        "**/*.pb",
        "**/*.joblib",
        "**/*.pkl",
        "**/*.npz",
        "**/*.mlmodel",
        "**/pytorch_model*.bin",
      ],
      mode: "auto",
    },
  },

  /** Tight limits and secrets forbidden: for repositories that must stay lean. */
  strict: {
    extends: ["recommended"],
    limits: {
      // pre-commit's check-added-large-files default.
      warn: "500 kB",
      block: "1 MB",
      binary: "100 kB",
    },
    forbidden: [".env", "**/.env", "**/*.pem", "**/*.key", "**/id_rsa", "**/id_ed25519", "**/*.p12", "**/*.pfx"],
    rules: { size: "error", binary: "error", forbidden: "error", redirect: "error" },
  },
} satisfies Record<string, BallastConfig>;

export type PresetName = keyof typeof presets;

export const PRESET_NAMES = Object.keys(presets) as PresetName[];

export function isPresetName(name: string): name is PresetName {
  return Object.hasOwn(presets, name);
}
