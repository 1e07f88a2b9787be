/**
 * Bench child: the outbound limit. Hookgate's own HttpClient (src/net/http-client.ts) posting
 * `events × urls` bodies shaped as Hookgate's default event body (`{ event, timestamp, data }`),
 * each signed with signStandardWebhook (src/net/signing.ts) with the subscription's secret, through
 * `concurrency` parallel loops — the same sink, no queue, no store.
 */
import { randomBytes } from 'node:crypto';
import { HttpClient } from '../src/net/http-client.ts';
import { signStandardWebhook } from '../src/net/signing.ts';
import { clockNow, serveIpc } from './ipc.ts';

export interface RawJob {
  /** One per subscription, with its signing secret. */
  targets: { url: string; secret: string }[];
  events: number;
  concurrency: number;
  type: string;
  /** The event data; `__SEQ__` in string values is replaced by the event number. */
  data: Record<string, unknown>;
}

export interface RawResult {
  sent: number;
  succeeded: number;
  failed: number;
  errorSamples: string[];
  firstSendAt: number;
  lastResponseAt: number;
}

async function run(job: RawJob): Promise<RawResult> {
  const http = new HttpClient({ allowPrivateNetwork: true });
  const dataJson = JSON.stringify(job.data);
  const total = job.events * job.targets.length;
  let next = 0;
  let succeeded = 0;
  let failed = 0;
  const errorSamples: string[] = [];
  let firstSendAt = 0;
  let lastResponseAt = 0;
  const eventIds = Array.from({ length: job.events }, () => `evt_${randomBytes(15).toString('base64url').slice(0, 20)}`);
  const loop = async () => {
    while (next < total) {
      const n = next++;
      // Event-major, as Hookgate dispatches: every subscription's delivery of event 0, then event 1…
      const eventIndex = Math.floor(n / job.targets.length);
      const target = job.targets[n % job.targets.length]!;
      const id = eventIds[eventIndex]!;
      const now = Date.now();
      const data = JSON.parse(dataJson.replaceAll('__SEQ__', String(eventIndex))) as unknown;
      const body = JSON.stringify({ event: job.type, timestamp: new Date(now).toISOString(), data });
      const headers = { 'content-type': 'application/json', ...signStandardWebhook(target.secret, id, now / 1000, body) };
      if (n === 0) firstSendAt = clockNow();
      try {
        const res = await http.request({ url: target.url, method: 'POST', headers, body, timeoutMs: 30_000 });
        if (res.status >= 200 && res.status < 300) succeeded++;
        else {
          failed++;
          if (errorSamples.length < 5) errorSamples.push(`HTTP ${res.status}`);
        }
      } catch (err) {
        failed++;
        if (errorSamples.length < 5) errorSamples.push(err instanceof Error ? err.message : String(err));
      }
      lastResponseAt = clockNow();
    }
  };
  await Promise.all(Array.from({ length: job.concurrency }, loop));
  http.close();
  return { sent: total, succeeded, failed, errorSamples, firstSendAt, lastResponseAt };
}

serveIpc({ run: (job: RawJob) => run(job) });
