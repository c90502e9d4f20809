import { constants, createReadStream } from "node:fs";
import { copyFile, link, lstat } from "node:fs/promises";
import { BallastError } from "../errors.js";
import { pullWords } from "../messages.js";
import { hashFile } from "../util/hash.js";
import { FILE_CHUNK } from "../util/io.js";
import { addToCache } from "./cache.js";

/** Where the bytes of a replaced file are now. */
export interface Kept {
  sha256: string;
  /** Absolute path of the kept copy. */
  file: string;
  /** In the cache (a copy that stays there), or beside the file (a name to move back). */
  where: "cache" | "beside";
}

/**
 * Keep a local file's bytes before `pull --force` replaces it (it differs from its
 * reference: a retrained model, say). With a .git they go into the local cache under their
 * sha256, hashed and flushed, as stow puts them; a build context has no cache, so there the
 * file gets a second name beside it, `NAME.replaced-<sha256 prefix>` (a hard link: no bytes
 * copied; a copy where the filesystem has none). The file itself stays in place until the
 * verified download is renamed over it, so no step loses it.
 */
export async function keepReplaced(commonDir: string | undefined, target: string): Promise<Kept> {
  if (commonDir) {
    const { sha256, file } = await addToCache(commonDir, createReadStream(target, { highWaterMark: FILE_CHUNK }));
    return { sha256, file, where: "cache" };
  }
  const { sha256 } = await hashFile(target);
  const file = `${target}.replaced-${sha256.slice(0, 12)}`;
  await link(target, file).catch(async (error: NodeJS.ErrnoException) => {
    if (error.code === "EEXIST") return sameBytes(file, sha256);
    // No hard links here (some mounts): a copy, never over an existing file.
    await copyFile(target, file, constants.COPYFILE_EXCL);
  });
  return { sha256, file, where: "beside" };
}

/** A name already taken is fine when it holds these very bytes (an earlier forced pull kept them). */
async function sameBytes(file: string, sha256: string): Promise<void> {
  const info = await lstat(file);
  if (info.isFile() && (await hashFile(file)).sha256 === sha256) return;
  throw new BallastError("IO", pullWords.keptNotOurs(file), { fix: pullWords.keptNotOursFix(file) });
}
