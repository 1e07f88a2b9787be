/**
 * The `Api` client's twin for a listening service: real HTTP over a socket, every response
 * checked against the OpenAPI document the code generates (the one the process serves).
 */
import { createApp } from '../../src/app.ts';
import { composeServices } from '../../src/compose.ts';
import { loadConfig } from '../../src/config.ts';
import { CheckedClient, OpenApiChecker } from './api.ts';
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

  protected send(method: string, path: string, headers: Record<string, string>, body: RequestInit['body'] | undefined): Promise<Response> {
    return fetch(`${this.baseUrl}${path}`, { method, headers, ...(body === undefined ? {} : { body }), signal: AbortSignal.timeout(20_000) });
  }

  protected checker(): OpenApiChecker {
    return this.contract;
  }
}
