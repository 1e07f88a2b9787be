import type { Channel } from '../../domain/types.ts';
import { normalizeContactReference } from '../../inbound/contact.ts';

/**
 * The forms a reference from a URL may be stored under: as given, and for phone channels as a
 * phone number (`+1 415-555-0123`, or digits without `+`, read as international: a lookup cannot
 * message anyone, so it may be lenient where a call may not).
 */
export function storedForms(channel: Channel, reference: string): string[] {
  const forms = [reference];
  const trimmed = reference.trim();
  const phone = normalizeContactReference(channel, trimmed.startsWith('+') ? trimmed : `+${trimmed}`);
  if (phone.ok && channel !== 'livechat' && phone.value !== reference && (channel === 'whatsapp' || channel === 'sms')) {
    forms.push(phone.value);
  }
  return forms;
}
