/**
 * Redaction of secrets by value, in every form a secret may take in a provider's answer, a log or
 * an error: as is, URL-encoded, and base64 (standard and URL alphabets) — also inside a longer
 * encoded value such as HTTP Basic's `base64(sid:token)`, where the secret starts at any byte
 * offset: each of the three alignments is searched for. Redact before cutting a text short, never
 * after, or a secret across the cut leaves a prefix behind.
 */

export const REDACTED = '[redacted]';

/** Shorter values are too likely to occur by chance to be replaced wherever they appear. */
const MIN_SECRET_LENGTH = 4;
/** Base64 fragments shorter than this would match unrelated text. */
const MIN_ENCODED_LENGTH = 8;

/** The base64 text that encodes `secret` wherever it starts within a longer value, for each alignment. */
function base64Forms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const forms: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    // Characters carrying only the secret's bits: skip those shared with the bytes before it and the last partial one.
    const fragment = encoded.slice(Math.ceil((offset * 8) / 6), Math.floor(((offset + bytes.length) * 8) / 6));
    if (fragment.length >= MIN_ENCODED_LENGTH) forms.push(fragment, fragment.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return forms;
}

/** Every form of each secret to look for, longest first so a longer form is never left half-replaced. */
function secretForms(secrets: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
    forms.add(encodeURIComponent(secret).replace(/%20/g, '+'));
    for (const form of base64Forms(secret)) forms.add(form);
  }
  return [...forms].sort((a, b) => b.length - a.length);
}

/** Replaces every form of every secret in a text meant for logs, events, stored errors or the activity log. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  if (secrets.length === 0 || text === '') return text;
  let out = text;
  for (const form of secretForms(secrets)) {
    if (out.includes(form)) out = out.split(form).join(REDACTED);
  }
  return out;
}
