import { createHash } from 'node:crypto';
import type { BotEvent } from '../domain/types.ts';

/**
 * The per-contact lane of an event for an ordered subscription: `<subscriptionId>:<digest of the
 * contact id>` (a digest, so any contact id makes a short, safe key), from `data.contact.id` (or a
 * `data.contactId` string). Null for an event about no contact: it is delivered unordered.
 */
export function laneOf(subscriptionId: string, event: BotEvent): string | null {
  const data = event.data as { contact?: { id?: unknown } | null; contactId?: unknown };
  const contact = typeof data.contact?.id === 'string' ? data.contact.id : typeof data.contactId === 'string' ? data.contactId : null;
  if (contact === null || contact === '') return null;
  return `${subscriptionId}:${createHash('sha256').update(contact).digest('base64url').slice(0, 22)}`;
}
