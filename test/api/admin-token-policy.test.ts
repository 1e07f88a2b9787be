/**
 * Admin token policy: `exp` required and within HOOKGATE_ADMIN_TOKEN_MAX_SECONDS; identity-provider
 * tokens checked for iss/aud when configured; revocation by jti (at once here, within the cache
 * time on another instance); Hookgate's own event types refused on publish.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveKeys } from '../../src/lib/crypto.ts';
import { Api, expectProblem } from '../helpers/api.ts';
import { createTestApp, TEST_SECRET, type TestApp } from '../helpers/app.ts';
import { POLL } from '../helpers/clock.ts';
import { Receiver } from '../helpers/fakes/index.ts';
import { createBot } from '../helpers/scenario.ts';
import { REPO_ROOT } from '../helpers/service-process.ts';

const HS_KEY = deriveKeys(TEST_SECRET).admin;
const MAX = 3600;

function hs256(claims: Record<string, unknown>, build: (jwt: SignJWT) => SignJWT = (j) => j): Promise<string> {
  return build(new SignJWT({ ws: 'ws1', scope: 'admin', ...claims }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' })).sign(HS_KEY);
}

describe('admin token lifetime and revocation', () => {
  let t: TestApp;
  let api: Api;

  beforeAll(async () => {
    t = await createTestApp({ env: { HOOKGATE_ADMIN_TOKEN_MAX_SECONDS: String(MAX) } });
    api = new Api(t.app, null);
  });
  afterAll(() => t.close());

  it('accepts a token with exp within the lifetime', async () => {
    const token = await hs256({}, (j) => j.setIssuedAt().setExpirationTime('30m').setJti(randomUUID()));
    expect((await api.withToken(token).get('/v1/bots')).status).toBe(200);
  });

  it.each([
    ['without exp', (j: SignJWT) => j.setIssuedAt()],
    ['without exp or iat', (j: SignJWT) => j],
    ['with exp beyond the lifetime', (j: SignJWT) => j.setIssuedAt().setExpirationTime(`${MAX + 120}s`)],
    ['with exp beyond the lifetime and no iat', (j: SignJWT) => j.setExpirationTime(`${MAX + 120}s`)],
    ['with an iat long before exp', (j: SignJWT) => j.setIssuedAt(Math.floor(Date.now() / 1000) - 2 * MAX).setExpirationTime('10m')],
    ['expired', (j: SignJWT) => j.setIssuedAt(Math.floor(Date.now() / 1000) - 600).setExpirationTime(Math.floor(Date.now() / 1000) - 60)],
  ])('refuses a token %s (401)', async (_, build) => {
    expectProblem(await api.withToken(await hs256({}, build)).get('/v1/bots'), 401, 'unauthorized');
  });

  it('revokes a token by jti: 401 from then on, here at once', async () => {
    const jti = randomUUID();
    const victim = api.withToken(await hs256({}, (j) => j.setIssuedAt().setExpirationTime('30m').setJti(jti)));
    expect((await victim.get('/v1/bots')).status).toBe(200);
    const admin = api.withToken(await t.token());
    const res = await admin.post('/v1/admin-tokens/revoke', { jti });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ jti, appliesWithinSeconds: 5 });
    expect(Date.parse(res.body.revokedUntil)).toBeGreaterThan(Date.now() + (MAX - 60) * 1000);
    expectProblem(await victim.get('/v1/bots'), 401, 'unauthorized');
    // The revoking token itself is untouched.
    expect((await admin.get('/v1/bots')).status).toBe(200);
  });

  it('revokes a minted token (which carries a jti)', async () => {
    const token = await t.token();
    const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
    expect(payload.jti).toEqual(expect.any(String));
    expect(payload.exp).toEqual(expect.any(Number));
    expect((await api.withToken(await t.token()).post('/v1/admin-tokens/revoke', { jti: payload.jti })).status).toBe(200);
    expectProblem(await api.withToken(token).get('/v1/bots'), 401);
  });

  it('refuses revocation to a read token (403) and bad bodies (400), and needs a token (401)', async () => {
    const reader = api.withToken(await t.token('ws1', 'read'));
    expectProblem(await reader.post('/v1/admin-tokens/revoke', { jti: 'x' }), 403, 'forbidden');
    const admin = api.withToken(await t.token());
    for (const body of [{}, { jti: '' }, { jti: 'x'.repeat(257) }, { jti: 5 }, { jti: 'x', extra: true }]) {
      expectProblem(await admin.post('/v1/admin-tokens/revoke', body), 400);
    }
    expectProblem(await api.post('/v1/admin-tokens/revoke', { jti: 'x' }), 401);
  });

  it('applies a revocation made on another instance within the cache time', async () => {
    if (!t.config.redisUrl) return;
    const other = await createTestApp({
      env: { HOOKGATE_ADMIN_TOKEN_MAX_SECONDS: String(MAX), HOOKGATE_REDIS_PREFIX: t.config.redisPrefix },
    });
    try {
      const jti = randomUUID();
      const victim = await hs256({}, (j) => j.setIssuedAt().setExpirationTime('30m').setJti(jti));
      expect((await api.withToken(victim).get('/v1/bots')).status).toBe(200);
      expect((await new Api(other.app, await other.token()).post('/v1/admin-tokens/revoke', { jti })).status).toBe(200);
      const started = Date.now();
      await expect.poll(async () => (await api.withToken(victim).get('/v1/bots')).status, { ...POLL, timeout: 8000 }).toBe(401);
      expect(Date.now() - started).toBeLessThan(6000);
    } finally {
      await other.close();
    }
  });

  it('revokes with the CLI (npm run token -- --revoke <jti>), which also prints the jti of a token it mints', async () => {
    if (!t.config.redisUrl) return;
    const env = {
      ...process.env,
      HOOKGATE_SECRET: TEST_SECRET,
      REDIS_URL: t.config.redisUrl,
      HOOKGATE_REDIS_PREFIX: t.config.redisPrefix,
      HOOKGATE_ADMIN_TOKEN_MAX_SECONDS: String(2 * 86400),
    };
    const run = (args: string[]) =>
      promisify(execFile)(process.execPath, ['src/cli/token.ts', ...args], { cwd: REPO_ROOT, env, timeout: 20_000 });
    const minted = await run(['--workspace', 'ws1', '--ttl-days', '1']);
    const mintedJti = /^jti: (\S+)/.exec(minted.stderr)![1]!;
    expect(JSON.parse(Buffer.from(minted.stdout.trim().split('.')[1]!, 'base64url').toString('utf8')).jti).toBe(mintedJti);

    const jti = randomUUID();
    const token = await hs256({}, (j) => j.setIssuedAt().setExpirationTime('30m').setJti(jti));
    expect((await api.withToken(token).get('/v1/bots')).status).toBe(200);
    const revoked = await run(['--revoke', jti]);
    expect(revoked.stdout).toMatch(new RegExp(`^revoked ${jti} until `));
    await expect.poll(async () => (await api.withToken(token).get('/v1/bots')).status, { ...POLL, timeout: 8000 }).toBe(401);
    await expect(run(['--workspace', 'ws1', '--ttl-days', '3'])).rejects.toMatchObject({ code: 2 });
  });

  it('refuses publishing Hookgate’s own event types (400 at /type), and accepts the platform’s', async () => {
    const admin = api.withToken(await t.token());
    const botId = await createBot(admin);
    for (const type of [
      'message.sent',
      'message.failed',
      'subscription.disabled',
      'delivery.exhausted',
      'webhook.received',
      'workflow.triggered',
      'Message.Sent',
      'webhook.anything',
    ]) {
      const res = await admin.post(`/v1/bots/${botId}/events`, { type, data: {} });
      expectProblem(res, 400, 'validation');
      expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['/type']);
    }
    for (const type of ['lead.created', 'messages.sent', 'deliveryman.arrived']) {
      expect((await admin.post(`/v1/bots/${botId}/events`, { type, data: {} })).status, type).toBe(202);
    }
  });
});

describe('identity-provider tokens with issuer and audience configured', () => {
  type SigningKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
  let jwks: Receiver;
  let t: TestApp;
  let api: Api;
  let key: SigningKey;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    key = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'idp-1', alg: 'RS256', use: 'sig' };
    jwks = await Receiver.start({ status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ keys: [jwk] }) });
    t = await createTestApp({
      env: {
        HOOKGATE_ADMIN_JWKS_URL: jwks.url('/.well-known/jwks.json'),
        HOOKGATE_ADMIN_JWT_ISSUER: 'https://idp.example.com/',
        HOOKGATE_ADMIN_JWT_AUDIENCE: 'hookgate',
      },
    });
    api = new Api(t.app, null);
  });
  afterAll(async () => {
    await t.close();
    await jwks.close();
  });

  const idp = (claims: Record<string, unknown>, exp: string | null = '5m') => {
    const jwt = new SignJWT({ ws: 'idp-ws', scope: 'admin', ...claims }).setProtectedHeader({ alg: 'RS256', kid: 'idp-1' }).setIssuedAt();
    return (exp ? jwt.setExpirationTime(exp) : jwt).sign(key);
  };

  it('accepts the right issuer and audience', async () => {
    const token = await idp({ iss: 'https://idp.example.com/', aud: ['other', 'hookgate'] });
    expect((await api.withToken(token).get('/v1/bots')).status).toBe(200);
  });

  it.each([
    ['no issuer', { aud: 'hookgate' }],
    ['another issuer', { iss: 'https://evil.example.com/', aud: 'hookgate' }],
    ['no audience', { iss: 'https://idp.example.com/' }],
    ['another audience', { iss: 'https://idp.example.com/', aud: 'someone-else' }],
  ])('refuses a token with %s (401)', async (_, claims) => {
    expectProblem(await api.withToken(await idp(claims)).get('/v1/bots'), 401, 'unauthorized');
  });

  it('refuses an identity-provider token without exp (401)', async () => {
    expectProblem(await api.withToken(await idp({ iss: 'https://idp.example.com/', aud: 'hookgate' }, null)).get('/v1/bots'), 401);
  });
});
