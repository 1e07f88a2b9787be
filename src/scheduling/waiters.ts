/**
 * Workers waiting for work: each wait ends when woken, when its timeout passes, or when its abort
 * signal fires. A wake-up while nobody waits is kept for the next wait, which then ends at once: the
 * worker was between a claim that found nothing and its wait, and the claim may have run before the
 * work it signals was written (without this, that work waited a whole poll period).
 */
export class Waiters {
  private readonly waiting = new Set<() => void>();
  private missed = false;

  wait(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    if (this.missed) {
      this.missed = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiting.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.waiting.add(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  wakeAll(): void {
    if (this.waiting.size === 0) {
      this.missed = true;
      return;
    }
    for (const waiter of [...this.waiting]) waiter();
  }
}
