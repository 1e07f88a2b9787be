/** Retry policy for replies: pure functions of the attempt number. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_REPLY_RETRY: RetryPolicy = { maxAttempts: 8, baseDelayMs: 1000, maxDelayMs: 10 * 60 * 1000 };

/**
 * Delay before the next attempt after `attempts` failed ones: exponential with full jitter in the
 * upper half (so retries spread out but never come much sooner than planned), never sooner than
 * the provider asked.
 */
export function nextDelayMs(policy: RetryPolicy, attempts: number, providerMinimumMs = 0, random: () => number = Math.random): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
  const jittered = exponential / 2 + random() * (exponential / 2);
  return Math.max(Math.round(jittered), providerMinimumMs);
}

export function shouldRetry(policy: RetryPolicy, attempts: number): boolean {
  return attempts < policy.maxAttempts;
}
