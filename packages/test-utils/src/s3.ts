import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

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
  return handle({ bucket, directory, port, stop: () => server.close() });
}

/**
 * The same server in a child process, for tests that run the ballast binary with
 * spawnSync: a server inside the test process could not answer while it waits.
 */
export async function startS3rverProcess(options: { bucket?: string } = {}): Promise<S3rverHandle> {
  const bucket = options.bucket ?? "models";
  const directory = mkdtempSync(path.join(tmpdir(), "ballast-s3rver-"));
  const entry = pathToFileURL(createRequire(import.meta.url).resolve("s3rver")).href;
  const script = [
    `const { default: S3rver } = await import(${JSON.stringify(entry)});`,
    `const server = new S3rver({ port: 0, address: "127.0.0.1", silent: true, directory: ${JSON.stringify(directory)}, configureBuckets: [{ name: ${JSON.stringify(bucket)} }] });`,
    `const { port } = await server.run();`,
    `process.stdout.write(port + "\\n");`,
  ].join("\n");
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("\n")) resolve(Number(out.trim()));
    });
    child.on("exit", (code) => reject(new Error(`s3rver exited (${code}) before it listened`)));
  });
  return handle({
    bucket,
    directory,
    port,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
    },
  });
}

/** What both starters hand back: the endpoint, s3rver's fixed credentials, a store URL. */
function handle(o: { bucket: string; directory: string; port: number; stop: () => Promise<unknown> }): S3rverHandle {
  const endpoint = `http://127.0.0.1:${o.port}`;
  return {
    endpoint,
    bucket: o.bucket,
    directory: o.directory,
    env: { AWS_ACCESS_KEY_ID: "S3RVER", AWS_SECRET_ACCESS_KEY: "S3RVER", AWS_REGION: "us-east-1" },
    storeUrl: (prefix = "ballast") => `s3://${o.bucket}/${prefix}?endpoint=${encodeURIComponent(endpoint)}&forcePathStyle=true`,
    async close() {
      await o.stop();
      rmSync(o.directory, { recursive: true, force: true });
    },
  };
}
