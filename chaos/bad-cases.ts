/**
 * The bad requests of scenario 4, as raw bytes: what a broken client, a scanner or an attacker
 * sends to Hookgate's inbound and admin routes. Pure: each case is a function of its number and a
 * seeded random source, so a run is reproducible.
 *
 * Every case is wrong in some way (framing, headers, token, media type, body), and none of them
 * can be stored: inbound bodies that might parse carry no contact reference, so even a token or
 * header mistake the service tolerated would end in a 400, never a stored call.
 */

export interface CaseContext {
  host: string;
  webhookId: string;
  /** The webhook's production token. */
  token: string;
  /** A production token of another webhook. */
  otherToken: string;
  adminToken: string;
  readToken: string;
}

/** A request written all at once, or piece by piece (`delayMs` between pieces; the connection then waits). */
export interface BadRequest {
  kind: string;
  pieces: Buffer[];
  delayMs?: number;
  /** Close our side after writing (so the server sees the end of the stream). */
  halfClose?: boolean;
  /** How long to wait for an answer before giving up, ms. */
  waitMs: number;
}

/** A small seeded PRNG (mulberry32): the same seed gives the same run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const pick = <T>(r: Rand, items: readonly T[]): T => items[Math.floor(r() * items.length)]!;
const int = (r: Rand, min: number, max: number) => min + Math.floor(r() * (max - min + 1));

function bytes(r: Rand, n: number, printable = false): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = printable ? 32 + Math.floor(r() * 95) : Math.floor(r() * 256);
  return b;
}

/** An HTTP/1.1 request; `Connection: close` so the server ends the exchange. Headers are written as given. */
function http(method: string, path: string, headers: [string, string][], body: string | Buffer = '', host = true): Buffer {
  const lines = [`${method} ${path} HTTP/1.1`];
  if (host) lines.push('Host: HOST');
  for (const [name, value] of headers) lines.push(`${name}: ${value}`);
  lines.push('Connection: close');
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8')]);
}

const json = (body: string | Buffer): [string, string][] => [
  ['Content-Type', 'application/json'],
  ['Content-Length', String(Buffer.byteLength(body))],
];

/** A valid JSON object without a contact reference: stores nothing even if everything else passed. */
const NO_CONTACT = '{"data":{"name":"Ada","order_id":"A-1"}}';
/** A valid call but for what the case breaks (its token, say). */
const GOOD = '{"contact_reference_id":"+14155000001","data":{"name":"Ada","order_id":"A-1"}}';

const FAST_WAIT = 15_000;
// Node's headersTimeout (10 s) and requestTimeout (30 s, checked every second) answer 408 after these.
const SLOW_WAIT = 45_000;

type Maker = (r: Rand, c: CaseContext) => BadRequest;

function fast(kind: string, bytes: Buffer, halfClose = false): BadRequest {
  return { kind, pieces: [bytes], waitMs: FAST_WAIT, halfClose };
}

const hook = (c: CaseContext) => `/hooks/${c.webhookId}`;
const bearer = (token: string): [string, string] => ['Authorization', `Bearer ${token}`];

const MALFORMED = [
  '{',
  '{"data":',
  '{"data":{"name":"Ada",}}',
  "{'data':1}",
  '{"data":1}}',
  '{"data":NaN}',
  '{"data":undefined}',
  'nul',
  '{"a":"\\x41"}',
  '{"a":"\\ud800"',
  '\ufeff{"data":1}',
  '{"data":01}',
  '{"data":[1,2,]}',
  '{"data":"line\nbreak"}',
  '{} {}',
  '{"__proto__":{"polluted":true},',
  `${'['.repeat(20_000)}`,
  `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`,
];

const NOT_OBJECT = ['[]', '[1,2,3]', '"text"', '42', 'null', 'true', '', ' ', `[${NO_CONTACT}]`];

const CONTENT_TYPES = [
  null,
  'text/plain',
  'application/xml',
  'text/html',
  'multipart/form-data; boundary=zzz',
  'application/json-patch+json',
  'application/jsonx',
  'application/octet-stream',
  '*/*',
  'application/x-www-form-urlencoded',
  `application/json; ${'x'.repeat(2000)}`,
];

const makers: { weight: number; make: Maker }[] = [
  {
    weight: 10,
    make: (r, c) => {
      // Broken JSON: from the list, a valid body cut short, or a valid body with random bytes flipped.
      const choice = r();
      let body: Buffer;
      if (choice < 0.4) body = Buffer.from(pick(r, MALFORMED));
      else if (choice < 0.6) body = Buffer.from(NO_CONTACT.slice(0, int(r, 0, NO_CONTACT.length - 1)));
      else {
        body = Buffer.from(NO_CONTACT);
        for (let n = int(r, 1, 4); n > 0; n--) body[int(r, 0, body.length - 1)] = Math.floor(r() * 256);
      }
      return fast('malformed JSON', http('POST', hook(c), [...json(body), bearer(c.token)], body));
    },
  },
  {
    weight: 5,
    make: (r, c) => {
      const body = pick(r, NOT_OBJECT);
      return fast('not a JSON object', http('POST', hook(c), [...json(body), bearer(c.token)], body));
    },
  },
  {
    weight: 8,
    make: (r, c) => {
      const type = pick(r, CONTENT_TYPES);
      const body = r() < 0.5 ? NO_CONTACT : 'contact=%ZZ&&=&data[=1';
      const headers: [string, string][] = [['Content-Length', String(Buffer.byteLength(body))], bearer(c.token)];
      if (type !== null) headers.push(['Content-Type', type]);
      return fast('wrong content type', http('POST', hook(c), headers, body));
    },
  },
  {
    weight: 6,
    make: (r, c) => {
      const choice = r();
      if (choice < 0.45) {
        // Declared far over the limit: refused from Content-Length, before the body is read.
        const declared = int(r, 300_000, 50_000_000);
        const head = http(
          'POST',
          hook(c),
          [...json('x'), bearer(c.token)].filter(([n]) => n !== 'Content-Length'),
          '',
        );
        const withLength = Buffer.from(head.toString('latin1').replace('\r\n\r\n', `\r\nContent-Length: ${declared}\r\n\r\n`), 'latin1');
        return fast('oversized body', Buffer.concat([withLength, bytes(r, 1024, true)]));
      }
      if (choice < 0.9) {
        const declared = int(r, 1_100_000, 100_000_000);
        return fast(
          'oversized body',
          Buffer.concat([
            http('POST', '/v1/bots', [['Content-Type', 'application/json'], ['Content-Length', String(declared)], bearer(c.adminToken)]),
            Buffer.from('{"name":"'),
            bytes(r, 4096, true),
          ]),
        );
      }
      // Chunked, no length announced: refused as the stream passes the limit.
      const admin = choice > 0.97;
      const size = admin ? 1_200_000 : 300_000;
      const chunk = Buffer.alloc(16_384, 0x61);
      const chunks: Buffer[] = [
        http(
          'POST',
          admin ? '/v1/bots' : hook(c),
          [['Content-Type', 'application/json'], ['Transfer-Encoding', 'chunked'], bearer(admin ? c.adminToken : c.token)],
          '',
        ),
      ];
      for (let sent = 0; sent < size; sent += chunk.length)
        chunks.push(Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n'));
      chunks.push(Buffer.from('0\r\n\r\n'));
      return fast('oversized body', Buffer.concat(chunks));
    },
  },
  {
    weight: 10,
    make: (r, c) => {
      // A good call with a bad token (or none): 401, never stored.
      const [header, head] = c.token.split('.') as [string, string, string];
      const forged = `${header}.${head}.${Buffer.from(bytes(r, 32)).toString('base64url')}`;
      const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${head}.`;
      const auth = pick(r, [
        null,
        'Bearer',
        'Bearer ',
        `Bearer ${bytes(r, int(r, 1, 200), true)
          .toString('latin1')
          .replace(/[\s]/g, 'x')}`,
        `Bearer ${forged}`,
        `Bearer ${none}`,
        `Bearer ${c.otherToken}`,
        `Bearer ${c.adminToken}`,
        `Bearer ${c.token}x`,
        `Basic ${Buffer.from('user:pass').toString('base64')}`,
        `Bearer ${'a'.repeat(8000)}`,
        `Token ${c.token}`,
      ]);
      const headers = json(GOOD);
      if (auth !== null) headers.push(['Authorization', auth]);
      if (r() < 0.3) {
        // The admin API's turn: no token, a forged one, a read token writing, a webhook token.
        const adminAuth = pick(r, [null, `Bearer ${forged}`, `Bearer ${c.token}`, `Bearer ${c.readToken}`, `Bearer ${none}`]);
        const h = json('{"name":"Chaos"}');
        if (adminAuth !== null) h.push(['Authorization', adminAuth]);
        return fast('bad token', http('POST', '/v1/bots', h, '{"name":"Chaos"}'));
      }
      return fast('bad token', http('POST', hook(c), headers, GOOD));
    },
  },
  {
    weight: 12,
    make: (r, c) => {
      const base = (): [string, string][] => [...json(NO_CONTACT), bearer(c.token)];
      const variants: (() => Buffer)[] = [
        () => http('POST', hook(c), [...base(), ['X-Big', 'b'.repeat(int(r, 17_000, 40_000))]], NO_CONTACT),
        () =>
          http(
            'POST',
            hook(c),
            [...base(), ...Array.from({ length: int(r, 500, 3000) }, (_, i): [string, string] => [`X-H${i}`, 'v'])],
            NO_CONTACT,
          ),
        () => http('POST', hook(c), [...base(), ['Bad Header', '1']], NO_CONTACT),
        () => http('POST', hook(c), [...base(), ['X-Nul', 'a\u0000b']], NO_CONTACT),
        () => http('POST', hook(c), [...base(), ['X-Ctl', 'a\u0001\u007fb']], NO_CONTACT),
        () => http('POST', hook(c), [...base(), ['X-Fold', 'a\r\n folded']], NO_CONTACT),
        () => http('POST', hook(c), [...base(), ['', 'empty name']], NO_CONTACT),
        () => http('POST', hook(c), [...base(), ['X-Request-Id', 'r'.repeat(int(r, 200, 8000))]], NO_CONTACT),
        () => http('POST', hook(c), base(), NO_CONTACT, false),
        () => http('POST', hook(c), [...base(), ['Host', 'evil.example']], NO_CONTACT),
        () => http('POST', hook(c), [...base(), ['Transfer-Encoding', 'chunked']], NO_CONTACT),
        () => http('POST', hook(c), [['Content-Type', 'application/json'], ['Transfer-Encoding', 'gzip'], bearer(c.token)], NO_CONTACT),
        () =>
          http(
            'POST',
            hook(c),
            [['Content-Type', 'application/json'], ['Transfer-Encoding', 'chunked'], bearer(c.token)],
            'zz\r\nabc\r\n0\r\n\r\n',
          ),
        () =>
          http(
            'POST',
            hook(c),
            [
              ['Content-Type', 'application/json'],
              ['Content-Length', pick(r, ['-1', 'abc', '+5', '1e3', '99999999999999999999', '5 5'])],
              bearer(c.token),
            ],
            NO_CONTACT,
          ),
        () => http('POST', hook(c), [...base(), ['Expect', pick(r, ['100-continue', 'the-unexpected', '200-ok'])]], NO_CONTACT),
        () => http('POST', `/hooks/${c.webhookId}?${'q='.repeat(int(r, 5000, 12_000))}`, base(), NO_CONTACT),
        () =>
          Buffer.from(
            http('POST', hook(c), base(), NO_CONTACT)
              .toString('latin1')
              .replace(' HTTP/1.1', ` HTTP/${pick(r, ['1.2', '2.0', '0.9', '9.9', '1'])}`),
            'latin1',
          ),
        () =>
          Buffer.from(
            http('POST', hook(c), base(), NO_CONTACT)
              .toString('latin1')
              .replace('POST ', pick(r, ['post ', 'POST  ', 'P0ST ', 'FOO ', 'GET  '])),
            'latin1',
          ),
        () => Buffer.from(http('POST', hook(c), base(), NO_CONTACT).toString('latin1').replaceAll('\r\n', '\n'), 'latin1'),
        () => http('POST', hook(c), [...base(), ['Idempotency-Key', pick(r, ['k'.repeat(300), '', ' ', 'k\u0080\u00ff'])]], NO_CONTACT),
      ];
      return fast('header abuse', pick(r, variants)());
    },
  },
  {
    weight: 6,
    make: (r, c) => {
      const second = pick(r, ['5', String(NO_CONTACT.length), String(NO_CONTACT.length + 1), '0']);
      const headers: [string, string][] = [
        ['Content-Type', 'application/json'],
        ['Content-Length', String(NO_CONTACT.length)],
        ['Content-Length', second],
        bearer(c.token),
      ];
      if (r() < 0.3) headers.splice(1, 2, ['Content-Length', `${NO_CONTACT.length}, ${second}`]);
      if (r() < 0.2) headers.push(['Transfer-Encoding', 'chunked']);
      return fast('duplicate Content-Length', http('POST', r() < 0.2 ? '/v1/bots' : hook(c), headers, NO_CONTACT));
    },
  },
  {
    weight: 8,
    make: (r, c) => {
      const id = `wh_${bytes(r, 21, true)
        .toString('latin1')
        .replace(/[^A-Za-z0-9]/g, 'x')}`;
      const variants: (() => Buffer)[] = [
        () => http('POST', '/hooks/not-an-id', [...json(GOOD), bearer(c.token)], GOOD),
        () => http('POST', `/hooks/${id}`, [...json(GOOD), bearer(c.token)], GOOD),
        () => http(pick(r, ['GET', 'PUT', 'DELETE', 'PATCH']), hook(c), [...json(GOOD), bearer(c.token)], GOOD),
        () =>
          http(
            'POST',
            pick(r, ['/hooks/%zz', '/hooks/..%2f..%2fv1%2fbots', '/hooks/../v1/bots', '//hooks//x', '/hooks/%00']),
            json(GOOD),
            GOOD,
          ),
        () => http('GET', `/${'a'.repeat(int(r, 1000, 8000))}`, []),
        () =>
          http(
            'GET',
            pick(r, [
              '/v1/bots?limit=abc',
              '/v1/bots?limit=100000',
              '/v1/bots?cursor=%ff%fe',
              '/v1/bots/../../etc/passwd',
              '/v1/bots/bot_x/webhooks/wh_y/activity?limit=-1',
            ]),
            [bearer(c.adminToken)],
          ),
        () => http('POST', `/v1/bots/bot_${id.slice(3)}/webhooks`, [...json('{"name":"x"}'), bearer(c.adminToken)], '{"name":"x"}'),
        () => http('OPTIONS', '*', []),
        () => http('TRACE', '/', []),
      ];
      return fast('bad path or method', pick(r, variants)());
    },
  },
  {
    weight: 8,
    make: (r, c) => {
      const bodies = ['{', '{"name":5}', '{"name":""}', '[]', 'null', '{"name":"x","extra":{"__proto__":{"a":1}}', NO_CONTACT.slice(0, 9)];
      const variants: (() => Buffer)[] = [
        () => {
          const body = pick(r, bodies);
          return http('POST', '/v1/bots', [...json(body), bearer(c.adminToken)], body);
        },
        () =>
          http(
            'PATCH',
            `/v1/bots/bot_${'x'.repeat(21)}`,
            [['Content-Type', 'text/plain'], ['Content-Length', '2'], bearer(c.adminToken)],
            '{}',
          ),
        () => {
          const body = '{"name":5}';
          return http('POST', '/v1/bots', [...json(body), bearer(c.adminToken), ['Idempotency-Key', 'k'.repeat(300)]], body);
        },
        () => {
          const body = '{"type":"message.sent","data":{}}';
          return http('POST', `/v1/bots/bot_${'y'.repeat(21)}/events`, [...json(body), bearer(c.adminToken)], body);
        },
      ];
      return fast('admin API abuse', pick(r, variants)());
    },
  },
  {
    weight: 12,
    make: (r) => {
      const variants: (() => Buffer)[] = [
        () => Buffer.concat([bytes(r, int(r, 1, 4096)), Buffer.from('\r\n\r\n')]),
        () => Buffer.concat([bytes(r, int(r, 1, 2048), true), Buffer.from('\r\n\r\n')]),
        () => Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'),
        () => Buffer.concat([Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03]), bytes(r, 500)]),
        () => Buffer.from(`POST /hooks/x HTTP/1.1\r\n${bytes(r, int(r, 10, 500), true).toString('latin1')}\r\n\r\n`, 'latin1'),
      ];
      // Half of them end the stream after writing, so the parser meets the end mid-request.
      return fast('random bytes', pick(r, variants)(), r() < 0.5);
    },
  },
];

const slowMakers: Maker[] = [
  (r, c) => {
    // A body that trickles in: 10 bytes a second against a declared 1,000.
    const head = http('POST', hook(c), [['Content-Type', 'application/json'], ['Content-Length', '1000'], bearer(c.token)]);
    const pieces = [head, ...Array.from({ length: 60 }, () => bytes(r, 10, true))];
    return { kind: 'slow body', pieces, delayMs: 1000, waitMs: SLOW_WAIT };
  },
  (r, c) => {
    // Headers that trickle in, one line a second, never finished.
    const lines = [
      `POST ${hook(c)} HTTP/1.1\r\n`,
      'Host: HOST\r\n',
      ...Array.from(
        { length: 60 },
        (_, i) =>
          `X-Slow-${i}: ${bytes(r, 8, true)
            .toString('latin1')
            .replace(/[^A-Za-z0-9]/g, 'x')}\r\n`,
      ),
    ];
    return { kind: 'slow headers', pieces: lines.map((l) => Buffer.from(l, 'latin1')), delayMs: 1000, waitMs: SLOW_WAIT };
  },
  (r) => ({ kind: 'slow headers', pieces: [bytes(r, int(r, 1, 200), true)], waitMs: SLOW_WAIT }),
];

const totalWeight = makers.reduce((n, m) => n + m.weight, 0);

/** Fast case number `i` (seeded by its number, so any case can be made again alone). */
export function fastCase(i: number, c: CaseContext): BadRequest {
  const r = prng(0x9e3779b1 ^ i);
  let at = r() * totalWeight;
  for (const m of makers) {
    at -= m.weight;
    if (at < 0) return withHost(m.make(r, c), c);
  }
  return withHost(makers[0]!.make(r, c), c);
}

/** Slow case number `i`: each holds its connection for up to a minute. */
export function slowCase(i: number, c: CaseContext): BadRequest {
  const r = prng(0x85ebca6b ^ i);
  return withHost(slowMakers[i % slowMakers.length]!(r, c), c);
}

function withHost(req: BadRequest, c: CaseContext): BadRequest {
  const placeholder = Buffer.from('Host: HOST');
  const real = Buffer.from(`Host: ${c.host}`);
  const pieces = req.pieces.map((p) => {
    const at = p.indexOf(placeholder);
    return at < 0 ? p : Buffer.concat([p.subarray(0, at), real, p.subarray(at + placeholder.length)]);
  });
  return { ...req, pieces };
}
