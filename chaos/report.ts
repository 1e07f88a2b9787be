/** The chaos suite's one table (Markdown, so a run's table can go into the README as is) and the figures behind it. */
import { FLAG_PROBLEM_JSON, FLAG_RETRY_AFTER } from './shared.ts';

export { ms, num, percentiles } from '../bench/report.ts';

export interface ChaosRow {
  scenario: string;
  measure: string;
  value: string;
  goal: string;
  /** true = met, false = not met, null = no goal on this row. */
  met: boolean | null;
}

export function renderTable(rows: ChaosRow[]): string {
  const header = ['scenario', 'measure', 'result', 'goal', 'met'];
  const cells = rows.map((r) => [r.scenario, r.measure, r.value, r.goal, r.met === null ? '—' : r.met ? 'met' : 'NOT MET']);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => `| ${c.map((v, i) => v.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}

/**
 * A request's outcome as a label: `202`, `503 store-unavailable`, `no response (ECONNREFUSED)`,
 * `timeout`; `problem` is the load generator's (a problem type, or a socket error's code).
 */
export function outcomeLabel(status: number, problem: string): string {
  if (status === -1) return 'timeout';
  if (status === 0) return problem ? `no response (${problem})` : 'no response';
  return problem ? `${status} ${problem}` : String(status);
}

/** Counts by label, largest first. */
export function countBy<T>(items: Iterable<T>, label: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) {
    const l = label(item);
    counts[l] = (counts[l] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(counts).sort((a, b) => b[1] - a[1]));
}

export function describeCounts(counts: Record<string, number>, limit = 4): string {
  const entries = Object.entries(counts);
  const shown = entries.slice(0, limit).map(([label, n]) => `${label}: ${n.toLocaleString('en-US')}`);
  if (entries.length > limit) shown.push(`+${entries.length - limit} more`);
  return shown.join(', ');
}

export const hasRetryAfter = (flags: number) => (flags & FLAG_RETRY_AFTER) !== 0;
export const isProblemJson = (flags: number) => (flags & FLAG_PROBLEM_JSON) !== 0;

/**
 * Deliveries that arrived after a later one for the same contact: `arrivals` in arrival order,
 * `position` the order the service stored them in (its stream), `contactOf` a sequence number's
 * contact. Sequence numbers the store does not know are skipped.
 */
export function outOfOrder(arrivals: number[], position: Map<number, number>, contactOf: (seq: number) => number): number {
  const highest = new Map<number, number>();
  let count = 0;
  for (const seq of arrivals) {
    const pos = position.get(seq);
    if (pos === undefined) continue;
    const contact = contactOf(seq);
    const max = highest.get(contact) ?? -1;
    if (pos < max) count++;
    else highest.set(contact, pos);
  }
  return count;
}

export const seconds = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : 'n/a');
