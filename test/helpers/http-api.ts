/**
 * The `Api` client's twin for a listening service: real HTTP over a socket, every response
 * checked against the OpenAPI document the code generates (the one the process serves).
 */
import { expect } from 'vitest';
import { createApp } from '../../src/app.ts';
import { composeServices } from '../../src/compose.ts';
import { loadConfig } from '../../src/config.ts';
import { OpenApiChecker, type ApiResponse } from './api.ts';
import { silentLogger } from './redis.ts';

let checker: Promise<OpenApiChecker> | null = null;

/** The checker for the routes as built from this source tree (what `node src/main.ts` serves). */
export function contractChecker(): Promise<OpenApiChecker> {
  checker ??= (async () => {
    const { services } = await composeServices(loadConfig({}), silentLogger);
    return OpenApiChecker.for(createApp(services));
  })();
  return checker;
}

export class HttpApi {
  readonly baseUrl: string;
  readonly token: string | null;
  private readonly checker: OpenApiChecker;

  private constructor(baseUrl: string, token: string | null, checker: OpenApiChecker) {
    this.baseUrl = baseUrl;
    this.token = token;
    this.checker = checker;
  }

  static async connect(baseUrl: string, token: string | null): Promise<HttpApi> {
    return new HttpApi(baseUrl, token, await contractChecker());
  }

  withToken(token: string | null): HttpApi {
    return new HttpApi(this.baseUrl, token, this.checker);
  }

  async request<T = any>(
    method: string,
    path: string,
    options: { body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.token && !Object.keys(headers).some((k) => k.toLowerCase() === 'authorization')) headers.authorization = `Bearer ${this.token}`;
    let body = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      if (!Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
    }
    const res = await fetch(`${this.baseUrl}${path}`, { method, headers, ...(body === undefined ? {} : { body }), signal: AbortSignal.timeout(20_000) });
    const text = await res.text();
    const contentType = res.headers.get('content-type') ?? '';
    const parsed = contentType.includes('json') && text ? JSON.parse(text) : text;
    const out = { status: res.status, headers: res.headers, body: parsed as T, text };
    if (res.status >= 400) {
      expect(contentType, `${method} ${path} error must be problem+json: ${text.slice(0, 300)}`).toContain('application/problem+json');
    }
    this.checker.check(method, path, out);
    return out;
  }

  get<T = any>(path: string, headers?: Record<string, string>) {
    return this.request<T>('GET', path, headers ? { headers } : {});
  }
  post<T = any>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', path, { ...(body === undefined ? {} : { body }), ...(headers ? { headers } : {}) });
  }
  patch<T = any>(path: string, body: unknown) {
    return this.request<T>('PATCH', path, { body });
  }
  delete<T = any>(path: string) {
    return this.request<T>('DELETE', path);
  }
}

/** Polls `probe` until it returns a value that is not undefined; fails with `what` on timeout. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = null;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
