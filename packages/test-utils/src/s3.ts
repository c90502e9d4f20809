import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export interface S3rverHandle {
  /** http://127.0.0.1:PORT */
  endpoint: string;
  bucket: string;
  /** Where s3rver keeps objects on disk (tests tamper with them here). */
  directory: string;
  /** Credentials and region for the AWS SDK (s3rver does not check signatures, but the SDK must sign). */
  env: NodeJS.ProcessEnv;
  /** An s3:// store URL for this server, with its endpoint as a query option. */
  storeUrl(prefix?: string): string;
  close(): Promise<void>;
}

/**
 * A real S3-protocol server on 127.0.0.1 (port 0), started inside the test process, with
 * one bucket. s3rver is not faithful S3 (see TOOLCHAIN.md): treat it as a *bad*
 * S3-compatible server that ballast must survive.
 */
export async function startS3rver(options: { bucket?: string } = {}): Promise<S3rverHandle> {
  const bucket = options.bucket ?? "models";
  // Not a tempDir(): those are removed after each test, and a server usually lives for a file.
  const directory = mkdtempSync(path.join(tmpdir(), "ballast-s3rver-"));
  // s3rver ships no types; it is a root devDependency.
  const { default: S3rver } = (await import("s3rver" as string)) as { default: new (options: object) => { run(): Promise<{ port: number }>; close(): Promise<void> } };
  const server = new S3rver({ port: 0, address: "127.0.0.1", silent: true, directory, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    bucket,
    directory,
    env: { AWS_ACCESS_KEY_ID: "S3RVER", AWS_SECRET_ACCESS_KEY: "S3RVER", AWS_REGION: "us-east-1" },
    storeUrl: (prefix = "ballast") => `s3://${bucket}/${prefix}?endpoint=${encodeURIComponent(endpoint)}&forcePathStyle=true`,
    async close() {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
