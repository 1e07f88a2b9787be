import { InvalidCursorError } from './errors.ts';

/** Cursors are opaque to clients: the underlying position, base64url-encoded. */
export function encodeCursor(position: string): string {
  return Buffer.from(position, 'utf8').toString('base64url');
}

export const STREAM_ID = /^\d{1,20}-\d{1,20}$/;
const LEX_MEMBER = /^[0-9T:.Z-]{20,30}\|[a-z]{2,3}_[0-9A-Za-z]{20}$/;

/** Decodes a cursor, rejecting anything that is not a position this store could have issued. */
export function decodeCursor(cursor: string, shape: RegExp = LEX_MEMBER): string {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) throw new InvalidCursorError();
  const position = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!shape.test(position)) throw new InvalidCursorError();
  return position;
}

/** Sorted-set member that orders records by creation time, then id. */
export function lexMember(createdAt: string, id: string): string {
  return `${createdAt}|${id}`;
}
