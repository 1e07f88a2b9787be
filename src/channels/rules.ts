/**
 * What each channel's provider accepts in a reply, checked when a block is saved (its templates)
 * and by the preview (the text a body renders), so that a reply the provider would refuse is a
 * 400 at create/PATCH rather than a failed message later. Pure; the numbers come from the
 * providers' documentation cited in each adapter.
 */
import type { Channel, ChannelOptions, MediaKind, ReplyButton, ReplyPart, ReplySpec } from '../domain/types.ts';
import { compileTemplate } from '../inbound/render.ts';

export interface ChannelRules {
  /** Longest text, in characters. */
  text: number;
  /** Longest text together with buttons, when the provider has a smaller limit for it. */
  textWithButtons?: number;
  /** Most buttons; 0: the channel cannot carry buttons as such (they are rendered another way). */
  buttons: number;
  /** Longest button title; titles are labels the provider shows whole or not at all. */
  buttonTitle: number;
  /** Longest button id (in UTF-8 bytes when `buttonIdBytes`). */
  buttonId: number;
  buttonIdBytes?: boolean;
  /** Button ids must differ within a message. */
  uniqueButtonIds?: boolean;
}

const UNLIMITED = Number.MAX_SAFE_INTEGER;

export const CHANNEL_RULES: Record<Channel, ChannelRules> = {
  whatsapp: { text: 4096, textWithButtons: 1024, buttons: 3, buttonTitle: 20, buttonId: 256, uniqueButtonIds: true },
  messenger: { text: 2000, buttons: 13, buttonTitle: 20, buttonId: 1000 },
  // Instagram counts 1000 bytes of UTF-8; 1000 characters is the most that can fit.
  instagram: { text: 1000, buttons: 13, buttonTitle: 20, buttonId: 1000 },
  zalo: { text: 2000, buttons: 0, buttonTitle: 0, buttonId: 0 },
  telegram: { text: 4096, buttons: UNLIMITED, buttonTitle: UNLIMITED, buttonId: 64, buttonIdBytes: true },
  slack: { text: 40_000, buttons: 25, buttonTitle: 75, buttonId: 255, uniqueButtonIds: true },
  // SMS buttons become numbered lines of the body, which the text limit then covers.
  sms: { text: 1600, buttons: UNLIMITED, buttonTitle: UNLIMITED, buttonId: UNLIMITED },
  http: { text: UNLIMITED, buttons: UNLIMITED, buttonTitle: UNLIMITED, buttonId: UNLIMITED },
  livechat: { text: UNLIMITED, buttons: UNLIMITED, buttonTitle: UNLIMITED, buttonId: UNLIMITED },
  sandbox: { text: UNLIMITED, buttons: UNLIMITED, buttonTitle: UNLIMITED, buttonId: UNLIMITED },
};

/** Message kinds and options each channel can carry; anything else is refused when the block is saved. */
interface Carries {
  media: readonly MediaKind[];
  /** Longest media caption; 0: the channel has no captions. */
  caption: number;
  template: boolean;
  options: readonly (keyof ChannelOptions)[];
}

const ALL_MEDIA: readonly MediaKind[] = ['image', 'video', 'audio', 'document'];
const EVERYTHING: Carries = {
  media: ALL_MEDIA,
  caption: UNLIMITED,
  template: true,
  options: ['messagingType', 'tag', 'parseMode', 'blocks', 'mediaUrl'],
};

export const CHANNEL_CARRIES: Record<Channel, Carries> = {
  whatsapp: { media: ALL_MEDIA, caption: 1024, template: true, options: [] },
  messenger: { media: ALL_MEDIA, caption: 0, template: false, options: ['messagingType', 'tag'] },
  instagram: { media: ALL_MEDIA, caption: 0, template: false, options: [] },
  zalo: { media: ['image'], caption: 2000, template: false, options: [] },
  telegram: { media: ALL_MEDIA, caption: 1024, template: false, options: ['parseMode'] },
  slack: { media: ['image'], caption: 2000, template: false, options: ['blocks'] },
  sms: { media: ALL_MEDIA, caption: 1600, template: false, options: ['mediaUrl'] },
  http: EVERYTHING,
  livechat: EVERYTHING,
  sandbox: EVERYTHING,
};

const OPTION_KEYS: readonly (keyof ChannelOptions)[] = ['messagingType', 'tag', 'parseMode', 'blocks', 'mediaUrl'];

/**
 * Problems of a whole reply: every message's kind, options and limits. Templates at save
 * (`rendered: false`), or the rendered parts of a call.
 */
export function replyProblems(
  channel: Channel,
  messages: readonly (ReplySpec | ReplyPart)[],
  rendered: boolean,
  list: boolean,
): RuleProblem[] {
  const carries = CHANNEL_CARRIES[channel];
  const problems: RuleProblem[] = [];
  messages.forEach((m, i) => {
    const path = list ? `/reply/${i}` : '/reply';
    const spec = toSpec(m);
    for (const key of OPTION_KEYS) {
      if (spec[key] !== undefined && !carries.options.includes(key)) {
        problems.push({ path: `${path}/${key}`, message: `${channel} has no ${key}` });
      }
    }
    if (spec.template && !carries.template)
      problems.push({ path: `${path}/template`, message: `${channel} cannot send template messages` });
    if (spec.media) {
      if (!carries.media.includes(spec.media.kind)) {
        problems.push({ path: `${path}/media/kind`, message: `${channel} cannot send ${spec.media.kind} media` });
      }
      if (spec.media.caption !== undefined) {
        const length = rendered ? charLength(spec.media.caption) : charLength(literalText(spec.media.caption));
        if (carries.caption === 0 || (channel === 'whatsapp' && spec.media.kind === 'audio'))
          problems.push({ path: `${path}/media/caption`, message: `${channel} ${spec.media.kind} media have no caption` });
        else if (length > carries.caption)
          problems.push({
            path: `${path}/media/caption`,
            message: `${channel} allows captions of at most ${carries.caption} characters; this has ${length}`,
          });
      }
      if (spec.media.filename !== undefined && spec.media.kind !== 'document') {
        problems.push({ path: `${path}/media/filename`, message: 'only document media have a filename' });
      }
    }
    if (spec.text !== undefined) problems.push(...textReplyProblems(channel, { text: spec.text, buttons: spec.buttons }, path, rendered));
  });
  return problems;
}

function toSpec(m: ReplySpec | ReplyPart): ReplySpec {
  if (!('kind' in m)) return m;
  const options = m.options ?? {};
  if (m.kind === 'text') return { text: m.text, ...(m.buttons ? { buttons: m.buttons } : {}), ...options };
  if (m.kind === 'media') return { media: m.media, ...options };
  return { template: m.template, ...options };
}

export interface RuleProblem {
  path: string;
  message: string;
}

export interface TextReply {
  text: string;
  buttons?: readonly ReplyButton[] | undefined;
}

/**
 * Problems of a text reply on a channel. `rendered: false` checks templates, counting only their
 * literal text (a placeholder may render empty), so what is refused is sure to be too long;
 * `rendered: true` checks a rendered reply as the provider will see it.
 */
export function textReplyProblems(channel: Channel, reply: TextReply, path: string, rendered: boolean): RuleProblem[] {
  const rules = CHANNEL_RULES[channel];
  const problems: RuleProblem[] = [];
  const length = (s: string) => charLength(rendered ? s : literalText(s));
  const buttons = reply.buttons ?? [];
  const textLimit = buttons.length > 0 && rules.textWithButtons !== undefined ? rules.textWithButtons : rules.text;
  const textLength = length(reply.text);
  if (textLength > textLimit) {
    const withButtons = textLimit === rules.text ? '' : ' with buttons';
    problems.push({
      path: `${path}/text`,
      message: `${channel} allows at most ${textLimit} characters of text${withButtons}; this has ${textLength}`,
    });
  }
  if (buttons.length > rules.buttons) {
    problems.push({ path: `${path}/buttons`, message: `${channel} allows at most ${rules.buttons} buttons; this has ${buttons.length}` });
  }
  const seen = new Set<string>();
  buttons.forEach((b, i) => {
    const titleLength = length(b.title);
    if (titleLength > rules.buttonTitle) {
      problems.push({
        path: `${path}/buttons/${i}/title`,
        message: `${channel} allows button titles of at most ${rules.buttonTitle} characters; this has ${titleLength}`,
      });
    }
    const idLength = rules.buttonIdBytes ? Buffer.byteLength(b.id, 'utf8') : charLength(b.id);
    if (idLength > rules.buttonId) {
      const unit = rules.buttonIdBytes ? 'bytes' : 'characters';
      problems.push({ path: `${path}/buttons/${i}/id`, message: `${channel} allows button ids of at most ${rules.buttonId} ${unit}` });
    }
    if (rules.uniqueButtonIds && seen.has(b.id)) {
      problems.push({ path: `${path}/buttons/${i}/id`, message: `${channel} needs the button ids of a message to differ` });
    }
    seen.add(b.id);
  });
  return problems;
}

/** A template's text without its placeholders: the least it can render to. */
function literalText(template: string): string {
  return compileTemplate(template)
    .parts.filter((p) => typeof p === 'string')
    .join('');
}

export function charLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}
