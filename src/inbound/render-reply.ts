/** A block's reply rendered over a scope, with each channel's escaping of values. Pure. */
import type { Channel, ChannelOptions, JsonObject, JsonValue, ReplyButton, ReplyPart, ReplySpec, WebhookBlock } from '../domain/types.ts';
import { memo } from '../lib/memo.ts';
import { type CompiledTemplate, compileTemplate, renderTemplate } from './render.ts';

export interface RenderedReply {
  parts: ReplyPart[];
  /** The first message's text (or caption, or template name) and buttons, for the 202 body and readers. */
  text: string;
  buttons: ReplyButton[];
  /** Placeholders that rendered empty. */
  missing: string[];
}

const compileReply = memo<CompiledTemplate>(compileTemplate);

/** The messages of a block's reply, single-message form or list. */
export function replySpecs(reply: WebhookBlock['reply']): ReplySpec[] {
  if (reply === null) return [];
  return Array.isArray(reply) ? reply : [reply];
}

export function escapeSlack(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** Telegram MarkdownV2: every character the Bot API lists as special is escaped with `\`. */
export function escapeTelegramMarkdown(value: string): string {
  return value.replace(/[_*[\]()~`>#+\-=|{}.!\\]/g, '\\$&');
}

export function escapeHtml(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/**
 * How caller data is escaped in text the channel reads as markup: Slack mrkdwn gives `<…>`
 * (mentions such as `<!channel>`, links with a disguised label) and `&` meaning; Telegram with a
 * parse_mode reads its markup. The block's own template keeps its markup; only values are escaped.
 */
function textEscape(channel: Channel, options: ChannelOptions): ((value: string) => string) | undefined {
  if (channel === 'slack') return escapeSlack;
  if (channel === 'telegram' && options.parseMode === 'MarkdownV2') return escapeTelegramMarkdown;
  if (channel === 'telegram' && options.parseMode === 'HTML') return escapeHtml;
  return undefined;
}

export function renderReply(reply: WebhookBlock['reply'], scope: Record<string, unknown>, channel: Channel): RenderedReply {
  const missing = new Set<string>();
  const render = (template: string, escaper?: (value: string) => string) => {
    const rendered = renderTemplate(compileReply(template), scope, escaper);
    for (const name of rendered.missing) missing.add(name);
    return rendered.text;
  };
  const renderJson = (value: JsonValue, escaper?: (value: string) => string): JsonValue => {
    if (typeof value === 'string') return render(value, escaper);
    if (Array.isArray(value)) return value.map((v) => renderJson(v, escaper));
    if (value !== null && typeof value === 'object') {
      const out: JsonObject = {};
      for (const [k, v] of Object.entries(value))
        Object.defineProperty(out, k, { value: renderJson(v, escaper), enumerable: true, writable: true, configurable: true });
      return out;
    }
    return value;
  };

  const specs = Array.isArray(reply) ? reply : reply === null ? [] : [reply];
  const parts = specs.map((spec): ReplyPart => {
    // The common case, one text message without options, allocates nothing beyond its part.
    if (spec.media === undefined && spec.template === undefined && !hasOptions(spec)) {
      const part: ReplyPart = { kind: 'text', text: render(spec.text ?? '', textEscape(channel, spec)) };
      if (spec.buttons && spec.buttons.length > 0) part.buttons = spec.buttons.map(({ id, title }) => ({ id, title: render(title) }));
      return part;
    }
    const { text, buttons, media, template, ...optionSpec } = spec;
    const escaper = textEscape(channel, optionSpec);
    const options: ChannelOptions = { ...optionSpec };
    if (optionSpec.blocks) options.blocks = optionSpec.blocks.map((b) => renderJson(b, escapeSlack) as JsonObject);
    if (optionSpec.mediaUrl !== undefined) options.mediaUrl = render(optionSpec.mediaUrl);
    const withOptions = Object.keys(options).length > 0 ? { options } : {};
    if (media) {
      const rendered = { kind: media.kind, url: render(media.url) } as NonNullable<ReplySpec['media']>;
      if (media.caption !== undefined) rendered.caption = render(media.caption, escaper);
      if (media.filename !== undefined) rendered.filename = render(media.filename);
      return { kind: 'media', media: rendered, ...withOptions };
    }
    if (template) {
      const components = template.components?.map((c) => renderJson(c) as JsonObject);
      return {
        kind: 'template',
        template: { name: template.name, language: template.language, ...(components ? { components } : {}) },
        ...withOptions,
      };
    }
    const part: ReplyPart = { kind: 'text', text: render(text ?? '', escaper), ...withOptions };
    if (buttons && buttons.length > 0) part.buttons = buttons.map(({ id, title }) => ({ id, title: render(title) }));
    return part;
  });
  const first = parts[0];
  return { parts, ...summary(first), missing: [...missing] };
}

function hasOptions(spec: ReplySpec): boolean {
  return (
    spec.messagingType !== undefined ||
    spec.tag !== undefined ||
    spec.parseMode !== undefined ||
    spec.blocks !== undefined ||
    spec.mediaUrl !== undefined
  );
}

/** What readers show of a message: its text, caption or template name. */
export function summary(part: ReplyPart | undefined): { text: string; buttons: ReplyButton[] } {
  if (!part) return { text: '', buttons: [] };
  if (part.kind === 'text') return { text: part.text, buttons: part.buttons ?? [] };
  if (part.kind === 'media') return { text: part.media.caption ?? part.media.url, buttons: [] };
  return { text: `template ${part.template.name} (${part.template.language})`, buttons: [] };
}

/** Whether the reply needs `parts` (anything but one text message without options). */
export function needsParts(parts: readonly ReplyPart[]): boolean {
  const [first] = parts;
  return parts.length !== 1 || first?.kind !== 'text' || first.options !== undefined;
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
