/**
 * What Messenger and Instagram share: both send through the Messenger Platform's Send API,
 * `POST /{version}/{page-id}/messages` with the Page access token as `access_token`, answer
 * `{ recipient_id, message_id }`, and fail with the Graph error object and the same codes.
 * Only the message body differs (see messenger.ts and instagram.ts).
 */
import type { Reply, ReplyPart } from '../domain/types.ts';
import type { SendRequest, SendResult } from './adapter.ts';
import {
  apiBase,
  asRecord,
  credential,
  type GraphErrorCodes,
  graphFailure,
  isSuccessStatus,
  missingCredentials,
  parseJson,
  type SendFailure,
  unexpectedSuccess,
} from './classify.ts';
import { ProviderAdapter } from './provider-adapter.ts';
import { DEFAULT_GRAPH_VERSION, GRAPH_API_BASE } from './whatsapp.ts';

export abstract class PageSendAdapter extends ProviderAdapter {
  abstract override readonly channel: 'messenger' | 'instagram';
  protected abstract readonly errorCodes: GraphErrorCodes;

  /** The Send API body for one message of a reply, or why it cannot be sent. */
  protected abstract payload(message: Reply, part: ReplyPart | undefined): { ok: true; body: object } | SendFailure;

  async send({ account, credentials, message, part, signal }: SendRequest): Promise<SendResult> {
    const pageAccessToken = credential(credentials, 'pageAccessToken');
    const pageId = credential(credentials, 'pageId');
    if (!pageAccessToken || !pageId) return missingCredentials(this.channel, ['pageAccessToken', 'pageId']);
    const secrets = [pageAccessToken];

    const payload = this.payload(message, part);
    if (!payload.ok) return payload;
    const version = typeof account.config.apiVersion === 'string' ? account.config.apiVersion : DEFAULT_GRAPH_VERSION;
    const query = new URLSearchParams({ access_token: pageAccessToken });
    const url = `${apiBase(account.config, GRAPH_API_BASE)}/${encodeURIComponent(version)}/${encodeURIComponent(pageId)}/messages?${query}`;
    const sent = await this.request(
      { url, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload.body), signal },
      secrets,
    );
    if ('failure' in sent) return sent.failure;
    const { response } = sent;
    if (!isSuccessStatus(response.status)) return graphFailure(this.channel, response, this.errorCodes, secrets);
    const id = asRecord(parseJson(response.body))?.message_id;
    return typeof id === 'string' && id !== '' ? { ok: true, providerMessageId: id } : unexpectedSuccess(this.channel, response, secrets);
  }
}
