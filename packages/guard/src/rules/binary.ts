import { fixes, messages } from "../messages.js";
import type { PathPolicy, Rule } from "./types.js";
import { NO_DETECTIONS } from "./types.js";

/** Git's own test (buffer_is_binary): a NUL byte in the first 8000 bytes. */
export const BINARY_SNIFF_BYTES = 8000;

/**
 * True when content is binary by git's test, except UTF-16 with a byte-order mark,
 * which is text full of NUL bytes.
 */
export function isBinary(head: Buffer): boolean {
  if (head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))) return false;
  return head.subarray(0, BINARY_SNIFF_BYTES).includes(0);
}

/**
 * Where detect() can find anything, so where the head is read: a blob over the block size
 * is reported once, by `size`, and a 4 GB model is sized and never read.
 */
const sniffed = (size: number, policy: PathPolicy) => !policy.allowed && !policy.redirect && size > policy.limits.binary && size <= policy.limits.block;

/** `binary`: a binary blob over the binary limit, unless an allow glob covers it. */
export const binaryRule: Rule = {
  id: "binary",
  newBlobsOnly: true,
  mayDetect: ({ size }, policy) => sniffed(size, policy),
  headBytes: ({ size }, policy) => (sniffed(size, policy) ? BINARY_SNIFF_BYTES : 0),
  detect(blob, policy) {
    if (!sniffed(blob.size, policy) || !blob.head || !isBinary(blob.head)) return NO_DETECTIONS;
    return [
      {
        rule: "binary",
        level: "block",
        path: blob.path,
        size: blob.size,
        object: blob.object,
        commit: blob.commit,
        message: messages.binary(blob.size, policy.limits.binary),
        fix: fixes.allowOrStow(blob.path),
      },
    ];
  },
};
