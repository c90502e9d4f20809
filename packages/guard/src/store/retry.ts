/**
 * Retries for storage calls: 5xx, 429 and dropped connections are retried with exponential
 * backoff and jitter, honouring a Retry-After header (capped). Timeouts, 403 and 404 are
 * answers, not hiccups: they fail at once with a clear error.
 */
export interface RetryOptions {
  /** Attempts in all (default 4). */
  attempts?: number;
  /** First backoff in milliseconds (default 500), doubled each time. */
  baseMs?: number;
  /** Longest wait, also the cap on Retry-After (default 20 s). */
  maxMs?: number;
}

const RESET_CODES = new Set(["ECONNRESET", "EPIPE", "ECONNABORTED", "EAI_AGAIN", "UND_ERR_SOCKET"]);

export async function withRetry<T>(run: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 4;
  const base = options.baseMs ?? 500;
  const max = options.maxMs ?? 20_000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await run(attempt);
    } catch (error) {
      if (attempt >= attempts || !isRetryable(error)) throw error;
      const after = retryAfterMs(error);
      const backoff = Math.min(max, base * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
      await new Promise((resolve) => setTimeout(resolve, Math.min(max, after ?? backoff)));
    }
  }
}

interface SdkLikeError {
  name?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
  $response?: { headers?: Record<string, string | undefined> };
  $retryable?: unknown;
  cause?: unknown;
}

export function statusOf(error: unknown): number | undefined {
  return (error as SdkLikeError)?.$metadata?.httpStatusCode;
}

export function isRetryable(error: unknown): boolean {
  const e = error as SdkLikeError;
  if (!e || typeof e !== "object") return false;
  if (e.name === "TimeoutError" || e.name === "AbortError") return false;
  const status = statusOf(e);
  if (status !== undefined) return status >= 500 || status === 429;
  if (e.name === "SlowDown" || e.name === "ServiceUnavailable" || e.name === "InternalError") return true;
  if (e.code && RESET_CODES.has(e.code)) return true;
  return /socket hang up|ECONNRESET|EPIPE/.test(String((e as Error).message ?? ""));
}

/** Retry-After in seconds or as an HTTP date, in milliseconds; undefined when absent or unreadable. */
export function retryAfterMs(error: unknown): number | undefined {
  const headers = (error as SdkLikeError)?.$response?.headers ?? {};
  const value = headers["retry-after"] ?? headers["Retry-After"];
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
