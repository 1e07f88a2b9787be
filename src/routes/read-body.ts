import { ApiError } from '../http/errors.ts';

function tooLarge(max: number): ApiError {
  // Connection: close, so the unread rest of the body is not read to keep the connection alive.
  return new ApiError('payload-too-large', `The body is larger than ${max} bytes.`, { headers: { Connection: 'close' } });
}

/**
 * Reads a request body, refusing it as soon as it is known to exceed `max` bytes: at once from
 * Content-Length, else while streaming, without buffering more than `max`.
 */
export async function readBoundedBody(request: Request, max: number): Promise<Uint8Array> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > max) throw tooLarge(max);
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => {});
      throw tooLarge(max);
    }
    chunks.push(value);
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
}
