import type { Metrics } from '../lib/metrics.ts';

/**
 * One of several processes (HOOKGATE_API_PROCESSES, HOOKGATE_WORKER_PROCESSES), as its primary sees
 * it over node:cluster's channel: it says when it serves, hands its metrics over when asked, and
 * answers a scrape with every process's metrics, aggregated by the primary.
 */

/** What a forked process sends its primary. */
export type ToPrimary =
  | { hookgate: 'started' }
  | { hookgate: 'scrape'; id: number }
  | { hookgate: 'collected'; id: number; metrics: object[] }
  | { hookgate: 'collected'; id: number; error: string };

/** What the primary sends a forked process. */
export type ToChild =
  | { hookgate: 'collect'; id: number }
  | { hookgate: 'scraped'; id: number; text: string }
  | { hookgate: 'scraped'; id: number; error: string };

/** Longer than the primary takes to give up on a process that does not hand its metrics over. */
const SCRAPE_TIMEOUT_MS = 10_000;

export interface Child {
  /** Tells the primary this process serves: its listeners are bound and its workers started (they begin once the store answers). */
  started(): void;
}

/** Wires this forked process to its primary; `metrics.exposition` becomes the aggregate of all processes. */
export function joinPrimary(metrics: Metrics): Child {
  let nextId = 0;
  const scrapes = new Map<number, { resolve: (text: string) => void; reject: (err: Error) => void }>();
  process.on('message', (message: ToChild) => {
    if (message?.hookgate === 'collect') {
      const { id } = message;
      metrics.registry.getMetricsAsJSON().then(
        (json) => send({ hookgate: 'collected', id, metrics: json }),
        (err: unknown) => send({ hookgate: 'collected', id, error: err instanceof Error ? err.message : String(err) }),
      );
    } else if (message?.hookgate === 'scraped') {
      const scrape = scrapes.get(message.id);
      if (!scrape) return;
      scrapes.delete(message.id);
      if ('text' in message) scrape.resolve(message.text);
      else scrape.reject(new Error(`metrics of all processes unavailable: ${message.error}`));
    }
  });
  metrics.exposition = () =>
    new Promise<string>((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        scrapes.delete(id);
        reject(new Error('metrics of all processes unavailable: the primary did not answer'));
      }, SCRAPE_TIMEOUT_MS);
      scrapes.set(id, {
        resolve: (text) => {
          clearTimeout(timer);
          resolve(text);
        },
        reject: (err) => {
          clearTimeout(timer);
          reject(err);
        },
      });
      send({ hookgate: 'scrape', id });
    });
  return { started: () => send({ hookgate: 'started' }) };
}

function send(message: ToPrimary): void {
  // A closed channel means the primary is gone, and node:cluster ends this process: nothing to do.
  process.send?.(message, undefined, undefined, () => {});
}
