import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { Tracing } from '../telemetry/tracing.ts';
import { isBlockedAddress } from './address-guard.ts';

export interface HttpRequest {
  url: string;
  method: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  /** The body as text, cut at the client's response limit. */
  body: string;
  truncated: boolean;
  durationMs: number;
}

export type HttpRequestErrorCode = 'blocked_destination' | 'invalid_url' | 'dns_error' | 'timeout' | 'connection_error';

/** A request that got no HTTP response. Only `blocked_destination` and `invalid_url` are permanent. */
export class HttpRequestError extends Error {
  readonly code: HttpRequestErrorCode;

  constructor(code: HttpRequestErrorCode, message: string) {
    super(message);
    this.code = code;
  }

  get retryable(): boolean {
    return this.code !== 'blocked_destination' && this.code !== 'invalid_url';
  }
}

export interface HttpClientOptions {
  allowPrivateNetwork: boolean;
  /** Response bytes kept; the rest is read and dropped. */
  maxResponseBytes?: number;
  userAgent?: string;
  /** Sends the active span's W3C `traceparent` with each request (when tracing is on). */
  tracing?: Tracing;
}

/**
 * The one HTTP client for every outbound request (channel providers, subscriber endpoints).
 * Destinations are checked on the resolved address, and the connection goes to that same checked
 * address (no second resolution). Redirects are never followed: a 3xx is just a response.
 */
export class HttpClient {
  private readonly options: Required<Omit<HttpClientOptions, 'tracing'>>;
  private readonly tracing: Tracing | null;
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  private readonly httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 256 });

  constructor(options: HttpClientOptions) {
    const { tracing, ...rest } = options;
    this.options = { maxResponseBytes: 64 * 1024, userAgent: 'Hookgate/0.1', ...rest };
    this.tracing = tracing?.enabled ? tracing : null;
  }

  /** Throws HttpRequestError when `url` may not be requested at all (scheme, literal private address). */
  checkUrl(url: string): URL {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new HttpRequestError('invalid_url', 'not a valid URL');
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new HttpRequestError('invalid_url', 'only http and https URLs');
    if (parsed.username || parsed.password) throw new HttpRequestError('invalid_url', 'credentials in the URL are not allowed');
    const host = parsed.hostname.replace(/^\[|\]$/g, '');
    if (!this.options.allowPrivateNetwork && isIP(host) && isBlockedAddress(host)) {
      throw new HttpRequestError('blocked_destination', `destination ${host} is a private or reserved address`);
    }
    return parsed;
  }

  async request(req: HttpRequest): Promise<HttpResponse> {
    const url = this.checkUrl(req.url);
    const secure = url.protocol === 'https:';
    const started = performance.now();
    const body = req.body === undefined ? undefined : typeof req.body === 'string' ? Buffer.from(req.body) : req.body;
    const headers: Record<string, string> = { 'user-agent': this.options.userAgent, ...req.headers };
    if (body !== undefined) headers['content-length'] = String(body.byteLength);
    this.tracing?.inject(headers);

    return await new Promise<HttpResponse>((resolve, reject) => {
      let settled = false;
      const fail = (err: HttpRequestError) => {
        if (settled) return;
        settled = true;
        reject(err);
      };
      const request = (secure ? https : http).request(
        url,
        {
          method: req.method,
          headers,
          agent: secure ? this.httpsAgent : this.httpAgent,
          lookup: this.options.allowPrivateNetwork ? undefined : guardedLookup,
          signal: req.signal,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let kept = 0;
          let truncated = false;
          res.on('data', (chunk: Buffer) => {
            if (kept >= this.options.maxResponseBytes) {
              truncated = true;
              return;
            }
            const room = this.options.maxResponseBytes - kept;
            if (chunk.byteLength > room) truncated = true;
            const part = chunk.byteLength > room ? chunk.subarray(0, room) : chunk;
            chunks.push(part);
            kept += part.byteLength;
          });
          res.on('end', () => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            const flat: Record<string, string> = {};
            for (const [name, value] of Object.entries(res.headers)) {
              if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
            }
            resolve({
              status: res.statusCode ?? 0,
              headers: flat,
              body: Buffer.concat(chunks).toString('utf8'),
              truncated,
              durationMs: Math.round(performance.now() - started),
            });
          });
          res.on('error', (err) => fail(classify(err)));
        },
      );
      const timer = setTimeout(() => {
        fail(new HttpRequestError('timeout', `no complete response within ${req.timeoutMs} ms`));
        request.destroy();
      }, req.timeoutMs);
      request.on('error', (err) => {
        clearTimeout(timer);
        fail(classify(err));
      });
      request.end(body);
    });
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}

/** Resolves like dns.lookup, then refuses if any resolved address is private or reserved. */
const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, '', 4);
    const list = addresses as LookupAddress[];
    const bad = list.find((a) => isBlockedAddress(a.address));
    if (bad || list.length === 0) {
      const error = Object.assign(new Error(`destination ${hostname} resolves to a private or reserved address`), { code: 'EBLOCKED' });
      return callback(error, '', 4);
    }
    if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
    callback(null, list[0]!.address, list[0]!.family);
  });
};

function classify(err: Error & { code?: string }): HttpRequestError {
  if (err instanceof HttpRequestError) return err;
  switch (err.code) {
    case 'EBLOCKED':
      return new HttpRequestError('blocked_destination', err.message);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new HttpRequestError('dns_error', `could not resolve the host (${err.code})`);
    case 'ABORT_ERR':
      return new HttpRequestError('timeout', 'aborted');
    default:
      return new HttpRequestError('connection_error', `${err.code ?? 'error'}: ${err.message}`.slice(0, 300));
  }
}
