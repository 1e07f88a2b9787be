/**
 * Runs the generated samples verbatim against a real HTTP server: the proof that quoting holds is
 * that bash, node and python send exactly the URL, token and body the sample shows.
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Environment, JsonObject } from '../../src/domain/types.ts';
import { buildSamples, type Sample, type SamplesInput } from '../../src/inbound/samples.ts';

const run = promisify(execFile);
const available = (cmd: string, args: string[]) => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
const hasCurl = available('curl', ['--version']);
const hasRequests = available('python3', ['-c', 'import requests']);
const hasHttpie = available('http', ['--version']);

// Any of these would create the file if a shell ever evaluated a value.
const sentinel = join(tmpdir(), `hookgate-sample-pwned-${process.pid}`);
const inject = `$(touch ${sentinel}) \`touch ${sentinel}\``;
// Path names may not contain parentheses, so a hostile key uses everything else.
const hostileKey = `it's "quoted" $HOME \`id\` !! \\ ü 😀 \u2028 end`;
const hostileValue = `O'Brien "${inject}" !$ \\n\\ \n tab\t ü 😀 \u2028 \ud800 ${'$'}{HOME}`;
// A JSONPath string literal may hold anything but a lone surrogate (RFC 9535).
const filterValue = hostileValue.replace('\ud800 ', '');

const block: SamplesInput['block'] = {
  channel: 'whatsapp',
  account: `it's ${inject}`,
  contactReference: "$['contact']['it\\'s phone']",
  variables: [
    { data: 'data.name', variable: `it's ${inject} !` },
    { data: `$.data[${JSON.stringify(hostileKey)}]`, variable: 'odd', default: hostileValue },
    { data: '$.items[*][\'sku "x"\']', variable: 'skus', default: '`whoami`' },
    {
      data: 'data.extra',
      variable: 'extra',
      default: { n: 1e21, f: -0.5, yes: true, no: false, nil: null, list: [[], {}], emoji: '👩‍👩‍👧' },
    },
    { data: 'data.proto', variable: 'proto', default: JSON.parse('{"__proto__": {"polluted": "no"}}') as JsonObject },
    // A filter's literal lands in the body as the member it compares.
    { data: `$.fields[?@[${JSON.stringify(hostileKey)}] == ${JSON.stringify(filterValue)}].value`, variable: 'field', default: inject },
  ],
};
const tokens: Record<Environment, string> = {
  production: `eyJhbGciOiJIUzI1NiJ9.cHJvZA.sig'${inject}`,
  development: 'eyJhbGciOiJIUzI1NiJ9.ZGV2.sig!$HOME',
};
// Characters every client leaves unencoded in a path, so the server sees them as written.
const hookPath = `/hooks/wh_'$(id)!$HOME`;

interface Received {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingHttpHeaders;
  body: string;
}

let server: Server;
let received: Received[] = [];
let samples: Record<Environment, Sample>;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(202, { 'content-type': 'application/json' }).end('{"accepted":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  samples = buildSamples({ url: `http://127.0.0.1:${port}${hookPath}`, block, tokens });
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

afterEach(() => {
  received = [];
  const injected = existsSync(sentinel);
  rmSync(sentinel, { force: true });
  expect(injected, 'a shell ran a command hidden in a name or value').toBe(false);
});

/** Proxies would send 127.0.0.1 traffic elsewhere; the samples themselves are run untouched. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (/^(https?|all|no)_proxy$/i.test(key)) delete env[key];
  return env;
}

async function runSample(cmd: string, args: string[]): Promise<Received> {
  await run(cmd, args, { env: cleanEnv(), timeout: 15_000 });
  expect(received).toHaveLength(1);
  return received[0] as Received;
}

function expectDelivered(got: Received, env: Environment): void {
  expect(got.method).toBe('POST');
  expect(got.url).toBe(hookPath);
  expect(got.headers.authorization).toBe(`Bearer ${tokens[env]}`);
  expect(got.headers['content-type']).toBe('application/json');
  const body = JSON.parse(got.body) as JsonObject;
  expect(body).toEqual(samples[env].body);
  expect(JSON.stringify(body)).toBe(JSON.stringify(samples[env].body));
}

describe('generated samples, run verbatim', () => {
  it('build a body that really holds the hostile names and values', () => {
    const { body } = samples.development;
    expect(body).toMatchObject({
      contact: { "it's phone": '+14155550123' },
      data: { name: `example it's ${inject} !`, [hostileKey]: hostileValue },
      items: [{ 'sku "x"': '`whoami`' }],
      fields: [{ [hostileKey]: filterValue, value: inject }],
      account_alias: `it's ${inject}`,
    });
    expect(Object.keys((body.data as JsonObject).proto as JsonObject)).toEqual(['__proto__']);
  });

  it.skipIf(!hasCurl).each(['production', 'development'] as const)(
    'curl in bash sends the %s request exactly',
    async (env) => {
      expectDelivered(await runSample('bash', ['-c', samples[env].curl]), env);
    },
    20_000,
  );

  it.skipIf(!hasHttpie)(
    'HTTPie in bash sends the request exactly (skipped when `http` is not installed)',
    async () => {
      expectDelivered(await runSample('bash', ['-c', samples.production.httpie]), 'production');
    },
    20_000,
  );

  it('fetch in node sends the request exactly', async () => {
    const script = `(async () => {\n${samples.development.fetch}\n})().catch((e) => { console.error(e); process.exit(1); });`;
    expectDelivered(await runSample(process.execPath, ['-e', script]), 'development');
  }, 20_000);

  it.skipIf(!hasRequests)(
    'requests in python sends the request exactly (skipped when python3 cannot import requests)',
    async () => {
      expectDelivered(await runSample('python3', ['-c', samples.production.python]), 'production');
    },
    20_000,
  );
});
