import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectProblem } from '../helpers/api.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { Receiver } from '../helpers/fakes/index.ts';

/** Admin tokens signed by an identity provider's keys, published as a JWKS (HOOKGATE_ADMIN_JWKS_URL). */
type SigningKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

describe('admin tokens from an identity provider (JWKS)', () => {
  let jwks: Receiver;
  let t: TestApp;
  let api: Api;
  let key: SigningKey;
  let stranger: SigningKey;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    key = pair.privateKey;
    stranger = (await generateKeyPair('RS256')).privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'idp-1', alg: 'RS256', use: 'sig' };
    jwks = await Receiver.start({ status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ keys: [jwk] }) });
    t = await createTestApp({ env: { HOOKGATE_ADMIN_JWKS_URL: jwks.url('/.well-known/jwks.json') } });
    api = new Api(t.app, null);
  });
  afterAll(async () => {
    await t.close();
    await jwks.close();
  });

  const token = (signer: SigningKey, claims: Record<string, unknown>, kid = 'idp-1') =>
    new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid }).setIssuedAt().setExpirationTime('5m').sign(signer);

  it('accepts a token signed with a published key, in its workspace and scope', async () => {
    const admin = api.withToken(await token(key, { ws: 'idp-ws', scope: 'admin' }));
    const bot = await admin.post('/v1/bots', { name: 'From the IdP' });
    expect(bot.status).toBe(201);
    expect(bot.body.workspaceId).toBe('idp-ws');
    const reader = api.withToken(await token(key, { ws: 'idp-ws', scope: 'read' }));
    expect((await reader.get(`/v1/bots/${bot.body.id}`)).status).toBe(200);
    expectProblem(await reader.post('/v1/bots', { name: 'x' }), 403);
    // Still a workspace boundary: the same IdP's token for another workspace sees a 404.
    expectProblem(await api.withToken(await token(key, { ws: 'other-ws', scope: 'admin' })).get(`/v1/bots/${bot.body.id}`), 404);
  });

  it('refuses a token signed with a key that is not published, or without a workspace or scope', async () => {
    expectProblem(await api.withToken(await token(stranger, { ws: 'idp-ws', scope: 'admin' })).get('/v1/bots'), 401);
    expectProblem(await api.withToken(await token(key, { scope: 'admin' })).get('/v1/bots'), 401);
    expectProblem(await api.withToken(await token(key, { ws: 'idp-ws', scope: 'superuser' })).get('/v1/bots'), 401);
    // Tokens signed with HOOKGATE_SECRET keep working beside the IdP's.
    expect((await api.withToken(await t.token('idp-ws')).get('/v1/bots')).status).toBe(200);
  });
});
