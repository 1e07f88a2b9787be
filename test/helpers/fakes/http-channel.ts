/** A fake endpoint for the `http` reply channel. */
import { type FakeProvider, jsonBody, startFake } from './fake-provider.ts';

/** Accepts JSON POSTs on any path and answers 200 `{ "received": true }` unless scripted otherwise. */
export function startFakeReceiver(): Promise<FakeProvider> {
  return startFake({
    check(req) {
      if (req.method !== 'POST') return { reason: `unexpected ${req.method}`, response: { status: 405 } };
      if (!req.headers['content-type']?.startsWith('application/json') || !jsonBody(req))
        return { reason: 'not a JSON object', response: { status: 415 } };
      return null;
    },
    success: () => ({ status: 200, body: { received: true } }),
  });
}
