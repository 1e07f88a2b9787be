/** Workers waiting for work: each wait ends when woken, when its timeout passes, or when its abort signal fires. */
export class Waiters {
  private readonly waiting = new Set<() => void>();

  wait(timeoutMs: number, signal?: AbortSignal): Promise<void> {
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
    for (const waiter of [...this.waiting]) waiter();
  }
}
