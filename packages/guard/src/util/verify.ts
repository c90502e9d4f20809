import { createHash } from "node:crypto";
import { Transform } from "node:stream";
import { BallastError } from "../errors.js";
import { storageWords } from "../messages.js";

/**
 * A pass-through that hashes what flows through it and fails at the end (before the
 * consumer sees the end of the stream) when the bytes are not the expected ones. Used on
 * uploads so a damaged cache object can never become an immutable object in storage.
 */
export function verifyingStream(expected: { sha256: string; size: number }, label: string, onProgress?: (bytes: number) => void): Transform {
  const hash = createHash("sha256");
  let size = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      size += chunk.length;
      onProgress?.(size);
      done(null, chunk);
    },
    flush(done) {
      const sha256 = hash.digest("hex");
      if (size === expected.size && sha256 === expected.sha256) return done();
      done(
        new BallastError("INTEGRITY", storageWords.cacheDamaged(label, { sha256, size }, expected), { fix: storageWords.cacheDamagedFix(label) }),
      );
    },
  });
}
