/** Placeholders of a block's reply that nothing can fill, reported as warnings when the block is saved. */
import type { JsonValue, WebhookBlock } from '../../domain/types.ts';
import { templatePlaceholders } from '../../inbound/render.ts';
import { replySpecs } from '../../inbound/render-reply.ts';

const SYSTEM_VARIABLES = new Set(['sys_contact_reference_id', 'sys_channel', 'sys_account', 'sys_webhook_id', 'sys_request_id']);

/**
 * A placeholder is filled by the block's own mappings, a system variable, or a variable stored for
 * the contact (which some block of the bot maps: `{{ plan }}` falls back to it, `{{ contact.plan }}`
 * reads it). Anything else always renders empty, which is worth saying rather than staying silent.
 */
export function placeholderWarnings(block: WebhookBlock, botBlocks: readonly WebhookBlock[]): string[] {
  const own = new Set(block.variables.map((m) => m.variable));
  const stored = new Set([...botBlocks, block].flatMap((b) => b.variables.map((m) => m.variable)));
  const strings: string[] = [];
  const collect = (value: JsonValue | undefined): void => {
    if (typeof value === 'string') strings.push(value);
    else if (Array.isArray(value)) value.forEach(collect);
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(collect);
  };
  for (const spec of replySpecs(block.reply)) collect(spec as unknown as JsonValue);
  if (block.fallbackTemplate) collect(block.fallbackTemplate as unknown as JsonValue);
  const warnings = new Set<string>();
  for (const name of new Set(strings.flatMap((s) => templatePlaceholders(s)))) {
    const [root, child] = name.split('.');
    const fillable =
      root === 'contact' ? child !== undefined && stored.has(child) : own.has(root!) || SYSTEM_VARIABLES.has(root!) || stored.has(root!);
    if (!fillable)
      warnings.add(`placeholder {{${name}}} is filled by no mapping, system variable or stored contact variable: it renders empty`);
  }
  return [...warnings];
}
