import type { S3Client } from "@aws-sdk/client-s3";
import { createReadStream } from "node:fs";
import type { Readable } from "node:stream";
import { BallastError } from "../errors.js";
import { fixes, storageWords } from "../messages.js";
import { verifyingStream } from "../util/verify.js";
import { isRetryable, statusOf, withRetry, type RetryOptions } from "./retry.js";
import { objectKey, type Store, type TransferOptions } from "./types.js";
import type { StoreLocation } from "./url.js";
import { FILE_CHUNK } from "../util/io.js";
import { importModule } from "../util/import-module.js";

type S3Location = Extract<StoreLocation, { kind: "s3" }>;

/** Parts of 8 MiB, four at a time: at most 32 MiB of an upload is ever in memory. */
export const PART_SIZE = 8 * 1024 * 1024;
const QUEUE_SIZE = 4;

/**
 * S3-compatible storage (`s3://bucket/prefix`). The AWS SDK is imported here, and this
 * module is imported only when an s3:// store is used: a hook that uploads nothing never
 * pays for it. Settings that keep S3-compatible servers honest:
 * - checksums only WHEN_REQUIRED: otherwise the SDK streams `aws-chunked` bodies with a
 *   CRC32 trailer, which some servers (s3rver, older MinIO) store as the object: corruption;
 * - path-style addressing for custom endpoints (`bucket.localhost` does not resolve);
 * - connection, request and socket timeouts: the SDK has none by default, and a server
 *   that accepts and never answers would hang a hook forever;
 * - the SDK's own retries off, ours on (backoff, Retry-After, whole-file retry of uploads).
 */
export async function s3Store(location: S3Location, options: { retry?: RetryOptions; partSize?: number } = {}): Promise<Store> {
  // The SDK prints a multi-line "Node 22 will be required" warning on Node 20 into every
  // hook's output; silence it unless the user chose otherwise.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const [{ S3Client, HeadObjectCommand, GetObjectCommand }, { Upload }, { NodeHttpHandler }] = await Promise.all([
    importModule<typeof import("@aws-sdk/client-s3")>("@aws-sdk/client-s3"),
    importModule<typeof import("@aws-sdk/lib-storage")>("@aws-sdk/lib-storage"),
    importModule<typeof import("@smithy/node-http-handler")>("@smithy/node-http-handler"),
  ]);
  const client: S3Client = new S3Client({
    region: location.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "us-east-1",
    ...(location.endpoint ? { endpoint: location.endpoint } : {}),
    forcePathStyle: location.forcePathStyle ?? Boolean(location.endpoint),
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({
      connectionTimeout: location.timeout,
      requestTimeout: location.timeout,
      socketTimeout: location.timeout,
      throwOnRequestTimeout: true,
    }),
  });
  const key = (sha256: string) => (location.prefix ? `${location.prefix}/${objectKey(sha256)}` : objectKey(sha256));
  const fail = (error: unknown, label: string, sha256: string) => s3Error(error, { location, label, key: key(sha256) });
  const retry = options.retry ?? {};

  /** One upload of the file, retried on 5xx/429/resets; the file is re-read each attempt. */
  async function uploadOnce(sha256: string, file: string, args: { label: string; size: number; transfer?: TransferOptions }): Promise<void> {
    const { label, size, transfer } = args;
    try {
      await withRetry(async () => {
        // Verified on the way: a damaged cache object fails before the last part, so it
        // never becomes an object in storage.
        const body = createReadStream(file, { highWaterMark: FILE_CHUNK }).pipe(verifyingStream({ sha256, size }, label));
        // The SDK may answer a failed body with its own error (or the abort's): keep ours.
        let damaged: unknown;
        body.on("error", (error) => (damaged = error));
        const upload = new Upload({
          client,
          params: { Bucket: location.bucket, Key: key(sha256), Body: body, ContentType: "application/octet-stream" },
          partSize: options.partSize ?? PART_SIZE,
          queueSize: QUEUE_SIZE,
          leavePartsOnError: false,
        });
        if (transfer?.onProgress) upload.on("httpUploadProgress", (p) => transfer.onProgress!(p.loaded ?? 0));
        if (transfer?.signal) transfer.signal.addEventListener("abort", () => void upload.abort(), { once: true });
        try {
          await upload.done();
        } catch (error) {
          throw damaged ?? error;
        }
      }, retry);
    } catch (error) {
      throw fail(error, label, sha256);
    }
  }

  const store: Store = {
    url: location.url,
    async stat(sha256) {
      try {
        return await withRetry(async () => {
          try {
            const head = await client.send(new HeadObjectCommand({ Bucket: location.bucket, Key: key(sha256) }));
            return { size: head.ContentLength ?? 0 };
          } catch (error) {
            if (statusOf(error) === 404 || (error as Error).name === "NotFound") return undefined;
            throw error;
          }
        }, retry);
      } catch (error) {
        throw fail(error, sha256, sha256);
      }
    },
    async put(sha256, file, transfer) {
      const label = transfer?.label ?? sha256;
      const size = transfer?.size ?? 0;
      const existing = transfer?.replace ? undefined : await store.stat(sha256);
      if (existing && existing.size === size) return { uploaded: false };
      // A server that kept the object short (or long) gets one more upload, then an error.
      for (let round = 1; ; round++) {
        await uploadOnce(sha256, file, { label, size, ...(transfer ? { transfer } : {}) });
        const after = await store.stat(sha256);
        if (after?.size === size) return { uploaded: true };
        if (round >= 2) {
          throw new BallastError("STORE_FAILED", storageWords.uploadedShort(label, location.url, after?.size, size), {
            fix: fixes.push,
          });
        }
      }
    },
    async get(sha256, transfer) {
      const label = transfer?.label ?? sha256;
      try {
        return await withRetry(async () => {
          const out = await client.send(
            new GetObjectCommand({ Bucket: location.bucket, Key: key(sha256) }),
            transfer?.signal ? { abortSignal: transfer.signal } : {},
          );
          return { size: out.ContentLength ?? -1, body: out.Body as Readable };
        }, retry);
      } catch (error) {
        throw fail(error, label, sha256);
      }
    },
    async close() {
      client.destroy();
    },
  };
  return store;
}

/** One clear sentence per way S3 fails, naming the store and the file. */
function s3Error(error: unknown, where: { location: S3Location; label: string; key: string }): BallastError {
  if (error instanceof BallastError) return error;
  const e = error as Error & { code?: string };
  const status = statusOf(error);
  const store = where.location.url;
  const endpoint = where.location.endpoint ?? "AWS";
  if (e.name === "TimeoutError" || e.code === "ETIMEDOUT") {
    return new BallastError("STORE_UNREACHABLE", storageWords.timeout(store, endpoint, where.location.timeout, where.label), {
      fix: fixes.storeTimeout,
      cause: error,
    });
  }
  if (e.name === "CredentialsProviderError" || /Could not load credentials/i.test(e.message)) {
    return new BallastError("STORE_FAILED", storageWords.noCredentials(store), { fix: fixes.awsCredentials, cause: error });
  }
  if (status === 403 || e.name === "AccessDenied" || e.name === "InvalidAccessKeyId" || e.name === "SignatureDoesNotMatch") {
    return new BallastError("STORE_FAILED", storageWords.accessRefused(store, e.name, where.label, where.key), {
      fix: fixes.awsAccess,
      cause: error,
    });
  }
  if (e.name === "NoSuchBucket") {
    return new BallastError("STORE_UNREACHABLE", storageWords.noBucket(store, endpoint), { fix: fixes.configureStore, cause: error });
  }
  if (status === 404 || e.name === "NoSuchKey" || e.name === "NotFound") {
    return new BallastError("STORE_FAILED", storageWords.notInStore(where.label, store, where.key), { fix: fixes.pushFromOrigin, cause: error });
  }
  const code = (e as { code?: string }).code ?? (e.cause as { code?: string } | undefined)?.code;
  if (code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "EAI_AGAIN") {
    return new BallastError("STORE_UNREACHABLE", storageWords.unreachable(store, endpoint, code), { fix: fixes.storeUnreachable, cause: error });
  }
  const why = status ? `${status} ${e.name}` : e.message?.split("\n")[0] ?? String(error);
  return new BallastError(isRetryable(error) ? "STORE_UNREACHABLE" : "STORE_FAILED", storageWords.failed(store, where.label, why), {
    fix: fixes.push,
    cause: error,
  });
}
