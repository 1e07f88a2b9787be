/**
 * Paging over a list read whole (a bot's channel accounts, blocks and subscriptions, each capped
 * per bot): the same `limit` and opaque `cursor` as the store's paged lists, oldest first.
 */
import { decodeCursor, encodeCursor, lexMember } from '../store/cursor.ts';

export interface PageRequest {
  limit: number;
  cursor?: string | undefined;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * One page of `records` in creation order (ties by id). The cursor names the last record shown, so
 * a record created or deleted between pages neither repeats nor hides another. A cursor this list
 * could not have issued is an `InvalidCursorError` (400).
 */
export function pageRecords<T extends { id: string; createdAt: string }>(records: readonly T[], request: PageRequest): Page<T> {
  const after = request.cursor === undefined ? null : decodeCursor(request.cursor);
  const sorted = records.map((record) => ({ record, key: lexMember(record.createdAt, record.id) })).sort((a, b) => compare(a.key, b.key));
  const rest = after === null ? sorted : sorted.filter(({ key }) => key > after);
  const shown = rest.slice(0, request.limit);
  const last = shown.at(-1);
  return {
    items: shown.map(({ record }) => record),
    nextCursor: rest.length > request.limit && last ? encodeCursor(last.key) : null,
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
