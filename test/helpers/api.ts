/**
 * The checked API clients tests drive Hookgate with: `Api` over app.request() (in process) and
 * `HttpApi` over a real socket to a listening service. Both send the bearer token and JSON bodies
 * and check every response against the OpenAPI document the code generates.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { expect } from 'vitest';
import { createApp } from '../../src/app.ts';
import { composeServices } from '../../src/compose.ts';
import { loadConfig } from '../../src/config.ts';
import { openApiDocument } from '../../src/openapi.ts';
import { silentLogger } from './redis.ts';

type App = ReturnType<typeof createApp>;

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

interface Operation {
  method: string;
  template: string;
  pattern: RegExp;
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
}

const checkers = new WeakMap<App, OpenApiChecker>();
// ajv-formats is CommonJS; under NodeNext its default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => void;
type Body = RequestInit['body'];

/** Checks live responses against the OpenAPI document generated from the same app. */
export class OpenApiChecker {
  readonly operations: Operation[] = [];
  readonly exercised = new Set<string>();
  private readonly ajv: Ajv2020;

  constructor(doc: Record<string, any>) {
    this.ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: 'openapi', components: rewriteRefs(doc.components ?? {}) });
    for (const [template, item] of Object.entries<Record<string, any>>(doc.paths ?? {})) {
      for (const [method, op] of Object.entries<any>(item)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
        this.operations.push({ method: method.toUpperCase(), template, pattern, responses: op.responses ?? {} });
      }
    }
  }

  static for(app: App): OpenApiChecker {
    let checker = checkers.get(app);
    if (!checker) {
      checker = new OpenApiChecker(openApiDocument(app));
      checkers.set(app, checker);
    }
    return checker;
  }

  /** Fails the test when the response is not documented or does not match its schema. */
  check(method: string, path: string, res: ApiResponse): void {
    const pathname = path.split('?')[0]!;
    const op = this.operations.find((o) => o.method === method && o.pattern.test(pathname));
    if (!op) return; // undocumented paths are checked to be 404/405 problems by their own tests
    this.exercised.add(`${method} ${op.template}`);
    const documented = op.responses[String(res.status)];
    expect(documented, `${method} ${op.template} answered ${res.status}, which openapi.yaml does not document`).toBeDefined();
    const contentType = (res.headers.get('content-type') ?? '').split(';')[0]!.trim();
    if (!documented!.content) {
      expect(res.text, `${method} ${op.template} ${res.status} should have no body`).toBe('');
      return;
    }
    const media = documented!.content[contentType];
    expect(
      media,
      `${method} ${op.template} ${res.status} answered ${contentType}, documented: ${Object.keys(documented!.content)}`,
    ).toBeDefined();
    if (!contentType.endsWith('json')) return;
    const validate = this.ajv.compile(rewriteRefs(media!.schema) as object);
    const valid = validate(res.body);
    const why = `${method} ${op.template} ${res.status} body does not match its schema: ${this.ajv.errorsText(validate.errors)}`;
    expect(valid, `${why}\n${res.text.slice(0, 500)}`).toBe(true);
  }
}

function rewriteRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (node && typeof node === 'object') {
    return Object.fromEntries(
      Object.entries(node).map(([k, v]) => [
        k,
        k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `openapi${v}` : rewriteRefs(v),
      ]),
    );
  }
  return node;
}

/** The response with its body read: parsed when it is JSON, else the text. */
async function readResponse<T>(res: Response): Promise<ApiResponse<T>> {
  const text = await res.text();
  const json = (res.headers.get('content-type') ?? '').includes('json') && text !== '';
  return { status: res.status, headers: res.headers, body: (json ? JSON.parse(text) : text) as T, text };
}

export type RequestOptions = { body?: unknown; rawBody?: Body; headers?: Record<string, string> };

/**
 * A test client that sends the bearer token, JSON bodies, and checks every response against the
 * OpenAPI document. Subclasses say how a request travels (app.request() or a real socket).
 */
export abstract class CheckedClient {
  readonly token: string | null;
  /** Also require problem+json for error responses that are not JSON at all. */
  private readonly strictProblems: boolean;

  protected constructor(token: string | null, strictProblems: boolean) {
    this.token = token;
    this.strictProblems = strictProblems;
  }

  /** The same client with another bearer token (null: none). */
  abstract withToken(token: string | null): CheckedClient;
  protected abstract send(method: string, path: string, headers: Record<string, string>, body: Body | undefined): Promise<Response>;
  protected abstract checker(): OpenApiChecker;

  async request<T = any>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    const has = (name: string) => Object.keys(headers).some((k) => k.toLowerCase() === name);
    if (this.token && !has('authorization')) headers.authorization = `Bearer ${this.token}`;
    let body: Body | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      if (!has('content-type')) headers['content-type'] = 'application/json';
    }
    const out = await readResponse<T>(await this.send(method, path, headers, body));
    const contentType = out.headers.get('content-type') ?? '';
    if (out.status >= 400 && (this.strictProblems || contentType.includes('json'))) {
      expect(contentType, `${method} ${path} error must be problem+json: ${out.text.slice(0, 300)}`).toContain('application/problem+json');
    }
    this.checker().check(method, path, out);
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

/** The client over app.request(). */
export class Api extends CheckedClient {
  private readonly app: App;

  constructor(app: App, token: string | null) {
    super(token, false);
    this.app = app;
  }

  withToken(token: string | null): Api {
    return new Api(this.app, token);
  }

  protected send(method: string, path: string, headers: Record<string, string>, body: Body | undefined): Promise<Response> {
    return Promise.resolve(this.app.request(path, { method, headers, ...(body === undefined ? {} : { body }) }));
  }

  protected checker(): OpenApiChecker {
    return OpenApiChecker.for(this.app);
  }
}

let contract: Promise<OpenApiChecker> | null = null;

/** The checker for the routes as built from this source tree (what `node src/main.ts` serves). */
function contractChecker(): Promise<OpenApiChecker> {
  contract ??= (async () => {
    const { services } = await composeServices(loadConfig({}), silentLogger);
    return OpenApiChecker.for(createApp(services));
  })();
  return contract;
}

/** The client over a real socket to a listening service. */
export class HttpApi extends CheckedClient {
  readonly baseUrl: string;
  private readonly contract: OpenApiChecker;

  private constructor(baseUrl: string, token: string | null, contract: OpenApiChecker) {
    super(token, true);
    this.baseUrl = baseUrl;
    this.contract = contract;
  }

  static async connect(baseUrl: string, token: string | null): Promise<HttpApi> {
    return new HttpApi(baseUrl, token, await contractChecker());
  }

  withToken(token: string | null): HttpApi {
    return new HttpApi(this.baseUrl, token, this.contract);
  }

  protected send(method: string, path: string, headers: Record<string, string>, body: Body | undefined): Promise<Response> {
    const init = { method, headers, ...(body === undefined ? {} : { body }), signal: AbortSignal.timeout(20_000) };
    return fetch(`${this.baseUrl}${path}`, init);
  }

  protected checker(): OpenApiChecker {
    return this.contract;
  }
}

/**
 * A request through app.request() with any RequestInit (a streamed body needs `duplex: 'half'`,
 * which the clients do not pass). The response is still checked against openapi.yaml.
 */
export async function requestApp(t: { app: App }, path: string, init: RequestInit & { duplex?: 'half' }): Promise<ApiResponse> {
  const out = await readResponse(await t.app.request(path, init));
  OpenApiChecker.for(t.app).check(init.method ?? 'GET', path, out);
  return out;
}

/** Asserts an RFC 9457 problem with the given status. */
export function expectProblem(res: ApiResponse, status: number, type?: string): void {
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(res.body).toMatchObject({ status, title: expect.any(String), detail: expect.any(String), type: expect.any(String) });
  if (type) expect(res.body.type).toBe(`https://hookgate.dev/problems/${type}`);
  expect(res.text).not.toMatch(/at .*\.ts:\d+|<html/i);
}
