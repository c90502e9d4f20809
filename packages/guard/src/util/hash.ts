import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { FILE_CHUNK } from "./io.js";

/** sha256 and size of a file, streamed (memory stays flat whatever the size). */
export async function hashFile(file: string, onProgress?: (bytes: number) => void): Promise<{ sha256: string; size: number }> {
  const hash = createHash("sha256");
  let size = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: FILE_CHUNK })) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
    onProgress?.(size);
  }
  return { sha256: hash.digest("hex"), size };
}
