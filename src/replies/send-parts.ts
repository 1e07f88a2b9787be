/**
 * Sends a reply's messages in order through one adapter, resuming after those a previous attempt
 * sent, and on WhatsApp swaps in the block's fallback template when the provider answers that the
 * customer-service window is closed (131047). Pure apart from the adapter calls.
 */
import type { ChannelAdapter, SendRequest, SendResult } from '../channels/adapter.ts';
import type { Reply, ReplyPart } from '../domain/types.ts';
import { summary } from '../inbound/render-reply.ts';

export const WINDOW_CLOSED = 'whatsapp:131047';

export interface PartsOutcome {
  result: SendResult;
  /** The reply with its progress (and fallback) as it now stands. */
  message: Reply;
}

export async function sendParts(adapter: ChannelAdapter, request: SendRequest): Promise<PartsOutcome> {
  let message = request.message;
  const parts: ReplyPart[] = message.parts ?? [
    { kind: 'text', text: message.text, ...(message.buttons ? { buttons: message.buttons } : {}) },
  ];
  const progress = { sent: message.progress?.sent ?? 0, providerMessageIds: [...(message.progress?.providerMessageIds ?? [])] };
  let result: SendResult = { ok: true, providerMessageId: progress.providerMessageIds.at(-1) ?? '' };
  for (let i = progress.sent; i < parts.length; i++) {
    const part = parts[i]!;
    result = await adapter.send({ ...request, message: asMessage(message, part), part, partIndex: i });
    if (!result.ok && result.code === WINDOW_CLOSED && message.fallbackTemplate && !message.fallback) {
      const error = { code: result.code, message: result.message };
      const template: ReplyPart = { kind: 'template', template: message.fallbackTemplate };
      result = await adapter.send({ ...request, message: asMessage(message, template), part: template });
      message = {
        ...message,
        fallback: { error, template: message.fallbackTemplate.name, providerMessageId: result.ok ? result.providerMessageId : null },
      };
      // The window is closed: the template stands for the rest of the reply.
      if (result.ok) {
        progress.providerMessageIds.push(result.providerMessageId);
        progress.sent = parts.length;
      }
      break;
    }
    if (!result.ok) break;
    progress.providerMessageIds.push(result.providerMessageId);
    progress.sent = i + 1;
  }
  if (message.parts || progress.sent > 0) message = { ...message, progress };
  return { result, message };
}

/** The reply as an adapter sees it for one message: `text` and `buttons` are that message's. */
function asMessage(message: Reply, part: ReplyPart): Reply {
  const { buttons: _buttons, ...rest } = message;
  if (part.kind === 'text') return { ...rest, text: part.text, ...(part.buttons ? { buttons: part.buttons } : {}) };
  // Channels that only record text (sandbox, live chat, http) show what the message is.
  return { ...rest, text: summary(part).text };
}
