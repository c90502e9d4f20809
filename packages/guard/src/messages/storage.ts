import { pathArgs } from "../util/shell.js";
import { BIN, fixes } from "./findings.js";

// Object storage and the bytes that travel to and from it: every way a store fails
// names the store and the file; a damaged copy says where a good one is.

export const storageWords = {
  /** What a command needed a store for: finishes "no store is configured, so ballast cannot …". */
  purpose: {
    upload: "upload stowed files",
    download: "download stowed files",
    check: "check stowed files",
    reach: "reach object storage",
    checkStorage: "check storage",
  },
  noStore: (what: string) => `no store is configured, so ballast cannot ${what}`,
  credentials: (url: string) => `the store URL ${url} carries credentials; ballast refuses to read them from a URL`,
  badUrl: (url: string, why: string) => `the store URL ${url} ${why}`,
  /** Why a store URL cannot be used: finishes "the store URL … ". */
  url: {
    noFolder: "names no folder",
    notUrl: "is not a valid URL",
    unknownOption: (key: string, known: string[]) => `has an unknown option "${key}" (known: ${known.join(", ")})`,
    badBucket: (bucket: string) => `names "${bucket}", which is not a valid bucket name`,
    badEndpoint: (endpoint: string) => `has an endpoint "${endpoint}" that is not a URL`,
    badTimeout: "has a timeout that is not a positive number of milliseconds",
    unknownScheme: "is neither file://PATH nor s3://bucket/prefix",
  },
  // A store folder (file://).
  readsBackWrong: (label: string, url: string) => `${label} was written to ${url} but reads back with the wrong size`,
  notWritable: (url: string, code: string | undefined, label: string) => `the store ${url} cannot be written (${code}) while storing ${label}`,
  noFolder: (folder: string, label: string) => `the store folder ${folder} does not exist, so ${label} cannot be downloaded from it`,
  noFolderFix:
    "check the store URL (store in the ballast config, or BALLAST_STORE). In a Docker build this is usually a forgotten " +
    "--build-arg BALLAST_STORE=… or a store folder that is not mounted (RUN --mount=type=bind,…,target=/store): see docs/docker.md",
  notWritableFix: "check that the store folder exists and is writable, or set another store: BALLAST_STORE=file:///path/to/store",
  storingFailed: (label: string, url: string, why: string) => `storing ${label} in ${url} failed: ${why}`,
  notInStore: (label: string, url: string, key?: string) => `${label} is not in the store ${url}${key ? ` (${key})` : ""}`,
  // S3.
  uploadedShort: (label: string, url: string, stored: number | undefined, size: number) =>
    `${label} was uploaded to ${url} twice but the store reports ${stored !== undefined ? `${stored} bytes` : "no object"} instead of ${size}`,
  timeout: (store: string, endpoint: string, ms: number, label: string) => `the store ${store} (${endpoint}) did not answer within ${ms / 1000} s for ${label}`,
  noCredentials: (store: string) => `no AWS credentials were found for the store ${store}`,
  accessRefused: (store: string, name: string, label: string, key: string) => `the store ${store} refused access (403 ${name}) to ${label} (${key})`,
  noBucket: (store: string, endpoint: string) => `the bucket of ${store} does not exist (at ${endpoint})`,
  unreachable: (store: string, endpoint: string, code: string) => `the store ${store} cannot be reached at ${endpoint} (${code})`,
  failed: (store: string, label: string, why: string) => `the store ${store} failed for ${label}: ${why}`,
  /** pre-push: the store could not answer which stowed objects it has. */
  uncheckable: (why: string) => `storage could not be checked for the stowed files this push references: ${why}`,
  uncheckableFix: "check that the store is reachable, then push again",
  // Bytes that do not match their reference.
  wrongSize: (label: string, reported: number, url: string, size: number) =>
    `${label} has ${reported} bytes in ${url}, but its reference says ${size}: nothing was written`,
  hashMismatch: (label: string | undefined, sha256: string, expected: string) =>
    `${label ?? "the object"} does not match its reference: sha256 ${sha256}, expected ${expected}`,
  hashMismatchFix: `the stored copy is damaged or was tampered with; re-upload it from a machine that has the file: ${BIN} stow PATH && ${BIN} push --force`,
  /** A stored copy whose bytes are wrong: a plain push sees it there (by size) and uploads nothing. */
  reuploadFix: (file: string) =>
    `the stored copy is damaged or was tampered with: on a machine that has the right file, upload it over the damaged one: ${BIN} stow ${pathArgs([file])} && ${BIN} push --force ${pathArgs([file])}`,
  sizeMismatch: (label: string | undefined, size: number, expected: number | undefined) =>
    `${label ?? "the object"} has ${size > (expected ?? 0) ? `more than ${expected} bytes` : `${size} bytes, expected ${expected}`}: it does not match its reference`,
  sizeMismatchFix: `the stored copy is damaged or was cut short; run the command again, and if it persists re-upload it: ${BIN} push`,
  cacheDamaged: (label: string, got: { sha256: string; size: number }, expected: { sha256: string; size: number }) =>
    `the cached copy of ${label} is damaged (sha256 ${got.sha256}, ${got.size} bytes; expected ${expected.sha256}, ${expected.size} bytes): nothing was uploaded`,
  cacheDamagedFix: (label: string) => `restore the original file and stow it again: ${BIN} stow ${pathArgs([label])}`,
  /** A stowed object nobody can restore: the finding of push and status. */
  unresolved: (sha256: string) => `refers to an object (sha256 ${sha256.slice(0, 12)}…) that is in neither the local cache nor storage: nobody could restore it`,
  notAnywhere: "is not here, not in the local cache and not in storage: nobody can restore it",
  restowFix: (path: string, who: "file" | "it") => `on the machine that has ${who === "file" ? "the file" : "it"}: ${fixes.stow(path)} && ${fixes.push}`,
};
