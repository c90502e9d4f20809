// Acme's ballast policy, published as @acme/ballast-config. A repository uses it with
//   npm install -D @acme/ballast-config
// and a one-line config:   export default { extends: ["@acme/ballast-config"] };
// Its own keys then add to this policy (lists add up, limits and rules override),
// the way ESLint shareable configs work.

/** @type {import("@ballast/config").BallastConfig} */
export default {
  // Built-in presets first: GitHub's hard limits would reject anything over 100 MiB,
  // and "recommended" is stricter, so the effective block is recommended's 10 MB.
  extends: ["github", "recommended"],

  // Secrets never reach a remote, in any Acme repository.
  forbidden: [".env", "**/.env", "**/*.pem", "**/id_rsa", "**/*.p12"],

  // Every model format the data team produces goes to the shared bucket.
  redirect: {
    files: ["models/**/*.tar.gz", "**/*.onnx", "**/*.safetensors", "**/*.pt"],
    mode: "auto",
  },

  // Screenshots in docs may be bigger than code, but not much.
  overrides: [{ files: ["docs/**/*.png", "docs/**/*.jpg"], limits: { block: "2 MB" } }],

  // One bucket for the organisation: content-addressed, so a model shared by two
  // repositories is stored once. Credentials come from each machine's AWS profile or role.
  store: { url: "s3://acme-models/ballast", region: "eu-west-1" },
};
