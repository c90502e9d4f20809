// ballast's own policy for this repository (its hooks run the workspace's build on
// every commit and push: see .husky/). Source, docs and lockfiles only: nothing here is
// large or binary, and nothing is redirected, so no store is needed.

/** @type {import("@ballast/config").BallastConfig} */
export default {
  extends: ["recommended"],
  forbidden: [".env", "**/.env", "**/*.pem", "**/*.key", "**/id_rsa", "**/id_ed25519"],
};
