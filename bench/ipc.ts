/**
 * The child side of the bench's process protocol: a child announces itself with `{ ready: true, … }`,
 * then answers `{ id, cmd, arg }` messages with `{ id, ok, result | error }`. A child whose parent
 * goes away (IPC channel closed) exits at once, so nothing outlives the orchestrator.
 */
export type Handler = (arg: never) => unknown;

export function serveIpc(handlers: Record<string, Handler>, ready: Record<string, unknown> = {}): void {
  if (!process.send) throw new Error('this script is a bench child: start it with child_process.fork');
  process.on('message', (message: { id: number; cmd: string; arg: unknown }) => {
    const handler = handlers[message.cmd];
    void (async () => {
      try {
        if (!handler) throw new Error(`unknown command ${message.cmd}`);
        const result = await (handler as (arg: unknown) => unknown)(message.arg);
        process.send!({ id: message.id, ok: true, result: result ?? null });
      } catch (err) {
        process.send!({ id: message.id, ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
      }
    })();
  });
  process.on('disconnect', () => process.exit(0));
  process.send({ ready: true, ...ready });
}

/**
 * Wall-clock time in epoch milliseconds with sub-millisecond precision, for the chaos runs, which
 * compare a child's times with the parent's `Date.now()` over seconds. For latencies, clockNow.
 */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * Milliseconds on the machine's monotonic clock (CLOCK_MONOTONIC, one clock for every process on
 * the machine). The bench's processes compare each other's times (a call's send time against its
 * reply's arrival), so neither the wall clock nor `performance.timeOrigin` will do: a VM's wall
 * clock is slewed while it runs (0.17 ms/s was seen), which put a steady 4–5 ms between processes
 * started seconds apart and showed as latency.
 */
export function clockNow(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/**
 * Waits until a count (distinct messages received) reaches a target: `waitFor` resolves then, or
 * after its timeout; call `check` after each arrival.
 */
export function countWaiter(current: () => number) {
  let waiter: { count: number; resolve: () => void } | null = null;
  return {
    check(): void {
      if (waiter && current() >= waiter.count) {
        waiter.resolve();
        waiter = null;
      }
    },
    waitFor({ count, timeoutMs }: { count: number; timeoutMs: number }): Promise<void> {
      return new Promise<void>((resolve) => {
        if (current() >= count) return resolve();
        const timer = setTimeout(() => {
          waiter = null;
          resolve();
        }, timeoutMs);
        waiter = {
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        };
      });
    },
  };
}
