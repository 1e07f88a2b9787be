/**
 * A block's own answer to the caller (`response`): its body template rendered over the accepted
 * call's variables and system variables. In a JSON body every value is escaped as the inside of a
 * JSON string, so a value can never end the string it is placed in. Pure.
 */
import type { SyncResponse } from '../domain/types.ts';
import { compileTemplate, format, lookup } from './render.ts';

export interface RenderedResponse {
  status: number;
  contentType: string;
  body: string;
}

interface CallFacts {
  requestId: string;
  webhookId: string;
  environment: string;
  contact: string | null;
  variables: Record<string, unknown>;
}

export function renderSyncResponse(response: SyncResponse, call: CallFacts): RenderedResponse {
  const scope: Record<string, unknown> = {
    ...call.variables,
    sys_request_id: call.requestId,
    sys_contact_reference_id: call.contact,
    sys_webhook_id: call.webhookId,
    sys_environment: call.environment,
  };
  const json = response.contentType === 'application/json';
  let body = '';
  for (const part of compileTemplate(response.body).parts) {
    if (typeof part === 'string') {
      body += part;
      continue;
    }
    const value = format(lookup(scope, part.path)) ?? '';
    body += json ? JSON.stringify(value).slice(1, -1) : value;
  }
  return { status: response.status, contentType: json ? 'application/json' : 'text/plain; charset=utf-8', body };
}
