/**
 * A token bucket of log lines: `perSecond` lines a second, in bursts of up to `perSecond`. Keeps
 * a flood of calls from turning into a flood of log lines, while a quiet service logs every one.
 */
export class LineBudget {
  private readonly perSecond: number;
  private readonly now: () => number;
  private tokens: number;
  private last: number;
  private dropped = 0;

  /** `now` in milliseconds (monotonic is best: performance.now). */
  constructor(perSecond: number, now: () => number) {
    this.perSecond = perSecond;
    this.now = now;
    this.tokens = perSecond;
    this.last = now();
  }

  /** Null: drop this line. Otherwise log it, noting the returned number of lines dropped since the last one logged. */
  take(): number | null {
    const now = this.now();
    this.tokens = Math.min(this.perSecond, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) {
      this.dropped++;
      return null;
    }
    this.tokens -= 1;
    const dropped = this.dropped;
    this.dropped = 0;
    return dropped;
  }
}
