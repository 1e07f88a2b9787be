/** A block's reply rendered over a scope, with each channel's escaping of values. Pure. */
import type { Channel, JsonObject, JsonValue, ReplyButton, WebhookBlock } from '../domain/types.ts';
import { memo } from '../lib/memo.ts';
import { type CompiledTemplate, compileTemplate, renderTemplate } from './render.ts';

export interface RenderedReply {
  text: string;
  buttons: ReplyButton[];
  /** Placeholders that rendered empty. */
  missing: string[];
}

const compileReply = memo<CompiledTemplate>(compileTemplate);

/**
 * Escapes for channels that read reply text as markup: Slack mrkdwn gives `<…>` (mentions such as
 * `<!channel>`, links with a disguised label) and `&` entities meaning, so caller data is escaped
 * as Slack documents (`&amp;`, `&lt;`, `&gt;`) while the block's own template keeps its markup.
 */
const VALUE_ESCAPES: Partial<Record<Channel, (value: string) => string>> = { slack: escapeSlack };

export function escapeSlack(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

export function renderReply(reply: NonNullable<WebhookBlock['reply']>, scope: Record<string, unknown>, channel: Channel): RenderedReply {
  const text = renderTemplate(compileReply(reply.text), scope, VALUE_ESCAPES[channel]);
  const missing = new Set(text.missing);
  const buttons = (reply.buttons ?? []).map(({ id, title }) => {
    const rendered = renderTemplate(compileReply(title), scope);
    for (const name of rendered.missing) missing.add(name);
    return { id, title: rendered.text };
  });
  return { text: text.text, buttons, missing: [...missing] };
}

/**
 * Whether a placeholder left empty at call time may be filled from the contact's stored variables:
 * `contact.<name>` explicitly, or a plain name the call did not fill (the call's variables come
 * first, the stored ones after). System variables are always filled by the call.
 */
export function readsStoredVariables(missing: readonly string[]): boolean {
  return missing.some((name) => !name.startsWith('sys_'));
}

/** The scope a deferred reply renders with once the contact's stored variables are read. */
export function withStoredVariables(callScope: JsonObject, stored: JsonObject): Record<string, JsonValue> {
  return { ...stored, ...callScope, contact: stored };
}
