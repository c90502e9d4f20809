// ballast for a Rasa bot: `rasa train` writes models/<timestamp>.tar.gz (tens to hundreds
// of MB). The rasa preset redirects them to object storage at commit time: the commit
// records models/<name>.tar.gz.ballast (name, sha256, size) and the model itself is cached
// under .git/ballast and uploaded on push. A deploy restores it with `npx ballast pull`.

/** @type {import("@ballast/config").BallastConfig} */
export default {
  extends: ["rasa"],

  // A folder beside the repository: enough on one machine and for trying ballast out.
  // For a team, use a bucket (credentials come from the AWS SDK's own chain, never here):
  //   store: { url: "s3://acme-models/rasa-bot", region: "eu-west-1" },
  // MinIO, Cloudflare R2, GCS: add endpoint: "https://…" and forcePathStyle: true.
  // CI and Docker builds point elsewhere with BALLAST_STORE=s3://… .
  store: "file://../rasa-bot-ballast-store",
};
