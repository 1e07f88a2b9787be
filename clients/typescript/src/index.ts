import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { components, paths } from './schema.ts';

export type { components, operations, paths } from './schema.ts';

/** The API's named schemas: `Schemas['Bot']`, `Schemas['WebhookCreated']`, … */
export type Schemas = components['schemas'];

/** A typed Hookgate client: openapi-fetch over the paths of openapi.yaml. */
export type HookgateClient = Client<paths>;

export interface HookgateClientOptions extends Omit<ClientOptions, 'baseUrl'> {
  /** The service's origin, e.g. `http://localhost:8080` (its PUBLIC_BASE_URL). */
  baseUrl: string;
  /** An admin token, sent as `Authorization: Bearer …` unless a request sets its own (a webhook token on `/hooks/{webhookId}`). */
  token?: string;
}

/**
 * A client whose paths, parameters, bodies and answers are typed from openapi.yaml. Each call
 * resolves to `{ data }` (2xx) or `{ error }` (a problem document) with the `response`.
 */
export function createHookgateClient({ baseUrl, token, ...options }: HookgateClientOptions): HookgateClient {
  const client = createClient<paths>({ baseUrl: baseUrl.replace(/\/+$/, ''), ...options });
  if (token !== undefined) {
    client.use({
      onRequest({ request }) {
        if (!request.headers.has('Authorization')) request.headers.set('Authorization', `Bearer ${token}`);
        return request;
      },
    });
  }
  return client;
}
