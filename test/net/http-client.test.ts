import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isBlockedAddress } from '../../src/net/address-guard.ts';
import { HttpClient, HttpRequestError } from '../../src/net/http-client.ts';
import { type Answer, Receiver } from '../helpers/fakes/index.ts';

describe('address guard', () => {
  it.each([
    '127.0.0.1',
    '127.1.2.3',
    '10.0.0.1',
    '172.16.5.4',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '::1',
    '::',
    'fe80::1',
    'fc00::1',
    'fd12:3456::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
    '64:ff9b::a9fe:a9fe',
    '[::1]',
    'not-an-ip',
    // IPv4-compatible ::/96, whatever the IPv4 part
    '::10.0.0.1',
    '::a9fe:a9fe',
    '::127.0.0.1',
    '::8.8.8.8',
    // local-use NAT64 (RFC 8215) translates into the operator's own network
    '64:ff9b:1::a00:1',
    '64:ff9b:1::808:808',
    // 6to4 and Teredo tunnel to the IPv4 address they embed
    '2002:a00:1::1',
    '2002:a9fe:a9fe::1',
    '2002:808:808::1',
    '2001:0:4136:e378:8000:63bf:3fff:fdd2',
    // SIIT (RFC 6145) with a private IPv4 address, other special ranges
    '::ffff:0:a00:1',
    '255.255.255.255',
    '198.18.0.1',
    '2001:db8::1',
    '100::1',
    'fec0::1',
    'ff02::1',
    'fe80::1%eth0',
    '0x7f.1',
    '2130706433',
  ])('refuses %s', (address) => {
    expect(isBlockedAddress(address)).toBe(true);
  });

  it.each(['8.8.8.8', '1.1.1.1', '93.184.216.34', '2606:4700:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808'])('allows %s', (address) => {
    expect(isBlockedAddress(address)).toBe(false);
  });
});

describe('HttpClient', () => {
  let server: Receiver;
  let base: string;
  const guarded = new HttpClient({ allowPrivateNetwork: false });
  const open = new HttpClient({ allowPrivateNetwork: true, maxResponseBytes: 10 });

  beforeAll(async () => {
    server = await Receiver.start((req): Answer => {
      if (req.path === '/redirect') return { status: 302, headers: { location: 'http://169.254.169.254/latest/meta-data/' } };
      if (req.path === '/slow') return { status: 200, body: 'late', delayMs: 2000 };
      return { status: 200, headers: { 'x-echo': req.method }, body: `echo:${req.body}` };
    });
    base = server.url('');
  });
  afterAll(async () => {
    guarded.close();
    open.close();
    await server.close();
  });

  const refused = async (url: string) => {
    const err = await guarded.request({ url, method: 'POST', timeoutMs: 2000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpRequestError);
    expect((err as HttpRequestError).code).toBe('blocked_destination');
    expect((err as HttpRequestError).retryable).toBe(false);
  };

  it('refuses literal private, loopback, metadata and mapped addresses', async () => {
    for (const host of [
      '127.0.0.1',
      '10.0.0.1',
      '169.254.169.254',
      '[::1]',
      '[::ffff:127.0.0.1]',
      '[::ffff:7f00:1]',
      '[::10.0.0.1]',
      '[::a9fe:a9fe]',
      '[::127.0.0.1]',
      '[64:ff9b:1::a00:1]',
      '[2002:a9fe:a9fe::1]',
      '[2001:0:4136:e378:8000:63bf:3fff:fdd2]',
    ]) {
      await refused(`http://${host}/x`);
    }
  });

  it('refuses a hostname that resolves to loopback, checking the resolved address', async () => {
    await refused(`http://localhost:${new URL(base).port}/`);
  });

  it('sends to loopback when private networks are allowed, and never follows redirects', async () => {
    const res = await open.request({ url: `${base}/echo`, method: 'PUT', body: 'hello world, long body', timeoutMs: 2000 });
    expect(res.status).toBe(200);
    expect(res.headers['x-echo']).toBe('PUT');
    expect(res.body).toBe('echo:hello');
    expect(res.truncated).toBe(true);
    const redirect = await open.request({ url: `${base}/redirect`, method: 'GET', timeoutMs: 2000 });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.location).toContain('169.254.169.254');
  });

  it('times out without a complete response, as a retryable error', async () => {
    const err = await open.request({ url: `${base}/slow`, method: 'GET', timeoutMs: 200 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpRequestError);
    expect((err as HttpRequestError).code).toBe('timeout');
    expect((err as HttpRequestError).retryable).toBe(true);
  });

  it('reports a refused connection as retryable', async () => {
    const err = await open.request({ url: 'http://127.0.0.1:1/', method: 'GET', timeoutMs: 2000 }).catch((e: unknown) => e);
    expect((err as HttpRequestError).code).toBe('connection_error');
    expect((err as HttpRequestError).retryable).toBe(true);
  });

  it('rejects URLs that are not http(s) or carry credentials', () => {
    expect(() => guarded.checkUrl('file:///etc/passwd')).toThrow(HttpRequestError);
    expect(() => guarded.checkUrl('https://user:pw@example.com/')).toThrow(HttpRequestError);
    expect(guarded.checkUrl('https://example.com/hook').hostname).toBe('example.com');
  });
});
