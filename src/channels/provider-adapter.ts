import type { Channel } from '../domain/types.ts';
import type { HttpClient, HttpRequest, HttpResponse } from '../net/http-client.ts';
import type { ChannelAdapter, SendRequest, SendResult } from './adapter.ts';
import { type AdapterOptions, DEFAULT_SEND_TIMEOUT_MS, type SendFailure, transportFailure } from './classify.ts';

/**
 * What every provider adapter shares: the guarded HTTP client, the request timeout, and turning a
 * request that got no response into a retryable or permanent failure (with the credentials kept
 * out of its message).
 */
export abstract class ProviderAdapter implements ChannelAdapter {
  abstract readonly channel: Channel;
  protected readonly http: HttpClient;
  protected readonly timeoutMs: number;

  constructor(http: HttpClient, options: AdapterOptions = {}) {
    this.http = http;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_SEND_TIMEOUT_MS;
  }

  abstract send(request: SendRequest): Promise<SendResult>;

  /** The provider's response, or the failure of a request that got none. */
  protected async request(
    request: Omit<HttpRequest, 'timeoutMs'>,
    secrets: readonly string[],
  ): Promise<{ response: HttpResponse } | { failure: SendFailure }> {
    try {
      return { response: await this.http.request({ ...request, timeoutMs: this.timeoutMs }) };
    } catch (err) {
      return { failure: transportFailure(err, secrets) };
    }
  }
}
