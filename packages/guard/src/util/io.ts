/**
 * How much of a file a stream reads (and a file stream buffers) at a time when ballast
 * hashes, copies, stores or restores it: 1 MiB, not Node's 64 KiB. A 1 GB model is then
 * ~1,000 chunks through the hash, the Transform and the write stream instead of ~16,000
 * (measured here: hashing a 1 GB file streamed in 64 KiB chunks ~2.8 s of CPU, in 1 MiB
 * chunks ~2.0 s). Memory: a few MiB. stow and pull stay bound by the disk (the copy is
 * flushed with fsync before it is used), so this saves CPU more than wall time.
 */
export const FILE_CHUNK = 1 << 20;
