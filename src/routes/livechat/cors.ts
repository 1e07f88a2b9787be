/**
 * CORS for the live chat widget: a page on an origin its live chat account lists in
 * `config.allowedOrigins` may open the stream; any other origin gets no CORS header at all, so the
 * browser keeps the response from it. The account is known only from the widget token, which a
 * browser sends in the URL (`?token=`, as EventSource does), so a preflight can be judged too.
 */
import type { Context } from 'hono';
import type { ChannelAccount } from '../../domain/types.ts';
import type { AppEnv } from '../../http/env.ts';
import type { OpenApiApp } from '../common.ts';

/** Request headers a widget may send: the token as a bearer, and EventSource's resumption header. */
const ALLOWED_HEADERS = ['authorization', 'last-event-id', 'cache-control', 'accept'];
/** How long a browser may cache a preflight answer (seconds). */
const PREFLIGHT_MAX_AGE = '600';

/** The origins an account lets open its stream from a browser. */
export function allowedOrigins(account: ChannelAccount): string[] {
  const value = account.config.allowedOrigins;
  return Array.isArray(value) ? value.filter((o): o is string => typeof o === 'string') : [];
}

/**
 * Sets the CORS headers on the answer when the request's `Origin` is one the account allows.
 * `Vary: Origin` is set either way: the answer depends on it.
 */
export function applyLiveChatCors(c: Context<AppEnv>, account: ChannelAccount): boolean {
  c.header('Vary', 'Origin', { append: true });
  const origin = c.req.header('origin');
  if (origin === undefined || !allowedOrigins(account).includes(origin)) return false;
  c.header('Access-Control-Allow-Origin', origin);
  return true;
}

/** `OPTIONS /livechat/stream`: a preflight, answered 204; with CORS headers only for an allowed origin and a valid token. */
export function registerLiveChatPreflight(app: OpenApiApp): void {
  app.options('/livechat/stream', async function preflight(c) {
    c.header('Vary', 'Origin, Access-Control-Request-Headers', { append: true });
    const services = c.get('services');
    const token = c.req.query('token');
    const claims = token ? await services.liveChatTokens.verify(token) : null;
    const account = claims ? await services.store.getChannel(claims.botId, claims.accountId) : null;
    const method = c.req.header('access-control-request-method');
    const requested = (c.req.header('access-control-request-headers') ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter((h) => h !== '');
    if (
      account?.active &&
      account.channel === 'livechat' &&
      (method === 'GET' || method === undefined) &&
      requested.every((h) => ALLOWED_HEADERS.includes(h)) &&
      applyLiveChatCors(c, account)
    ) {
      c.header('Access-Control-Allow-Methods', 'GET');
      if (requested.length > 0) c.header('Access-Control-Allow-Headers', requested.join(', '));
      c.header('Access-Control-Max-Age', PREFLIGHT_MAX_AGE);
    }
    return c.body(null, 204);
  });
}
