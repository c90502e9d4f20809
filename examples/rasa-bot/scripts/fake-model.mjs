// Make a stand-in for `rasa train` output: models/<timestamp>-bot.tar.gz of the size asked.
//   node scripts/fake-model.mjs 120MB            → models/20260101-120000-bot.tar.gz
//   node scripts/fake-model.mjs 5MB models/x.tar.gz
// The bytes are random (a real model compresses as badly), written in chunks so memory
// stays flat whatever the size.
import { randomBytes } from "node:crypto";
import { mkdirSync, openSync, writeSync, closeSync } from "node:fs";
import path from "node:path";

const UNITS = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 };
const [sizeArg = "120MB", target] = process.argv.slice(2);
const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(sizeArg);
const size = match ? Math.round(Number(match[1]) * (UNITS[(match[2] || "b").toLowerCase()] ?? NaN)) : NaN;
if (!Number.isFinite(size)) {
  console.error(`"${sizeArg}" is not a size: use e.g. 120MB, 5MiB or 2000000`);
  process.exit(2);
}
const stamp = new Date().toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
const file = target ?? path.join("models", `${stamp}-bot.tar.gz`);
mkdirSync(path.dirname(file), { recursive: true });
const fd = openSync(file, "w");
for (let written = 0; written < size; ) {
  const chunk = randomBytes(Math.min(4 << 20, size - written));
  writeSync(fd, chunk);
  written += chunk.length;
}
closeSync(fd);
console.log(`${file} (${size} bytes)`);
