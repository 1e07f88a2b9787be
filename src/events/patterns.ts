/**
 * Event type patterns of a subscription: `lead.created` exactly, `lead.*` any type under `lead.`
 * (at any depth), `*.created` one segment, `*` everything. Pure.
 */
const EVENT_PATTERN = /^(\*|[a-z0-9_]+)(\.(\*|[a-z0-9_]+))*$/;

export function validatePattern(pattern: string): string | null {
  if (pattern.length === 0 || pattern.length > 100) return 'must be 1–100 characters';
  if (!EVENT_PATTERN.test(pattern)) return 'must be dotted lower-case words or * (e.g. lead.*, conversation.handoff, *)';
  return null;
}

function toRegExp(pattern: string): RegExp {
  if (pattern === '*') return /^.+$/;
  const segments = pattern.split('.');
  const body = segments
    .map((s, i) => (s === '*' ? (i === segments.length - 1 ? '.+' : '[^.]+') : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('\\.');
  return new RegExp(`^${body}$`);
}

/** A matcher for a subscription's patterns (compiled once, used for every event). */
export function compilePatterns(patterns: readonly string[]): (type: string) => boolean {
  const regexps = patterns.map(toRegExp);
  return (type) => regexps.some((r) => r.test(type));
}
