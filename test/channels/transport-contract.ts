/**
 * What every provider adapter does when the provider cannot be reached or answers garbage; run
 * by each channel's test file against its own fake provider.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { ChannelAdapter, SendRequest } from '../../src/channels/adapter.ts';
import type { AdapterOptions } from '../../src/channels/classify.ts';
import { HttpClient } from '../../src/net/http-client.ts';
import { closedPort, type FakeProvider } from '../helpers/fakes/index.ts';

export interface TransportContract {
  /** Builds the adapter under test. */
  adapter(http: HttpClient, options?: AdapterOptions): ChannelAdapter;
  /** A valid send request whose provider is reached at `baseUrl` (an `apiBaseUrl` or the `http` channel's `url`). */
  request(baseUrl: string, signal?: AbortSignal): SendRequest;
  /** The running fake provider (read when the tests run). */
  fake(): FakeProvider;
  /** Every credential value, none of which may appear in a result. */
  secrets: string[];
}

export function describeTransportFailures(contract: TransportContract): void {
  describe('when the provider cannot be reached', () => {
    const open = new HttpClient({ allowPrivateNetwork: true });
    const guarded = new HttpClient({ allowPrivateNetwork: false });
    afterAll(() => {
      open.close();
      guarded.close();
    });

    const expectNoSecret = (value: unknown) => {
      for (const secret of contract.secrets) expect(JSON.stringify(value)).not.toContain(secret);
    };

    it('retries later when the provider does not answer within the timeout', async () => {
      const fake = contract.fake();
      fake.respondWith([{ status: 200, hang: true }]);
      const result = await contract.adapter(open, { timeoutMs: 300 }).send(contract.request(fake.apiBaseUrl));
      expect(result).toMatchObject({ ok: false, retryable: true, code: 'timeout' });
      expect(fake.requests).toHaveLength(1);
      expectNoSecret(result);
    });

    it('retries later when the request is aborted by the caller’s deadline', async () => {
      const fake = contract.fake();
      fake.respondWith([{ status: 200, hang: true }]);
      const result = await contract.adapter(open).send(contract.request(fake.apiBaseUrl, AbortSignal.timeout(300)));
      expect(result).toMatchObject({ ok: false, retryable: true, code: 'timeout' });
    });

    it('retries later when the connection is refused', async () => {
      const result = await contract.adapter(open).send(contract.request(`http://127.0.0.1:${await closedPort()}`));
      expect(result).toMatchObject({ ok: false, retryable: true, code: 'connection_error' });
      expectNoSecret(result);
    });

    it('refuses a private API address for good when private networks are not allowed', async () => {
      const fake = contract.fake();
      const result = await contract.adapter(guarded).send(contract.request(fake.apiBaseUrl));
      expect(result).toMatchObject({ ok: false, retryable: false, code: 'blocked_destination' });
      expect(fake.requests).toHaveLength(0);
    });

    it('retries later on a 502 whose body is a proxy’s HTML page', async () => {
      const fake = contract.fake();
      fake.respondWith([{ status: 502, body: '<html><body>Bad Gateway</body></html>', headers: { 'content-type': 'text/html' } }]);
      const result = await contract.adapter(open).send(contract.request(fake.apiBaseUrl));
      expect(result).toMatchObject({ ok: false, retryable: true, code: 'http_502' });
    });
  });
}
