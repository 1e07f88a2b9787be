import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { expect } from 'vitest';
import type { createApp } from '../../src/app.ts';
import { openApiDocument } from '../../src/openapi.ts';

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
        const pattern = new RegExp('^' + template.replace(/\{[^}]+\}/g, '[^/]+') + '$');
        this.operations.push({ method: method.toUpperCase(), template, pattern, responses: op.responses ?? {} });
      }
    }
  }

  static for(app: App): OpenApiChecker {
    let checker = checkers.get(app);
    if (!checker) checkers.set(app, (checker = new OpenApiChecker(openApiDocument(app))));
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
    expect(media, `${method} ${op.template} ${res.status} answered ${contentType}, documented: ${Object.keys(documented!.content)}`).toBeDefined();
    if (!contentType.endsWith('json')) return;
    const validate = this.ajv.compile(rewriteRefs(media!.schema) as object);
    const valid = validate(res.body);
    expect(valid, `${method} ${op.template} ${res.status} body does not match its schema: ${this.ajv.errorsText(validate.errors)}\n${res.text.slice(0, 500)}`).toBe(true);
  }
}

function rewriteRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (node && typeof node === 'object') {
    return Object.fromEntries(
      Object.entries(node).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `openapi${v}` : rewriteRefs(v)]),
    );
  }
  return node;
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
    const res = await this.send(method, path, headers, body);
    const text = await res.text();
    const contentType = res.headers.get('content-type') ?? '';
    const parsed = contentType.includes('json') && text ? JSON.parse(text) : text;
    const out = { status: res.status, headers: res.headers, body: parsed as T, text };
    if (res.status >= 400 && (this.strictProblems || contentType.includes('json'))) {
      expect(contentType, `${method} ${path} error must be problem+json: ${text.slice(0, 300)}`).toContain('application/problem+json');
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

/** Asserts an RFC 9457 problem with the given status. */
export function expectProblem(res: ApiResponse, status: number, type?: string): void {
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(res.body).toMatchObject({ status, title: expect.any(String), detail: expect.any(String), type: expect.any(String) });
  if (type) expect(res.body.type).toBe(`https://hookgate.dev/problems/${type}`);
  expect(res.text).not.toMatch(/at .*\.ts:\d+|<html/i);
}
