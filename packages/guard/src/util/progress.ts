import { formatSize } from "@ballast/config";

/**
 * A one-line progress bar on stderr for long transfers. The CLI hands in `write`
 * (io.progress, which writes only to a terminal); redraws are throttled to ten a second.
 */
export function progressLine(write: (text: string) => void, enabled: boolean) {
  let last = 0;
  let drawn = false;
  return {
    update(verb: string, label: string, bytes: number, total: number) {
      if (!enabled) return;
      const now = Date.now();
      if (now - last < 100 && bytes < total) return;
      last = now;
      const pct = total > 0 ? Math.min(100, Math.floor((bytes / total) * 100)) : 0;
      const width = 20;
      const filled = Math.round((pct / 100) * width);
      const bar = total > 0 ? `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${String(pct).padStart(3)}% ` : "";
      write(`\r\u001b[2K${verb} ${bar}${formatSize(bytes)}${total > 0 ? ` / ${formatSize(total)}` : ""} ${label}`);
      drawn = true;
    },
    done() {
      if (drawn) write("\r\u001b[2K");
      drawn = false;
    },
  };
}
