import type { IncomingMessage } from 'node:http';
import { ApiError } from '../../http/errors.ts';

function tooLarge(max: number): ApiError {
  // Connection: close, so the unread rest of the body is not read to keep the connection alive.
  return new ApiError('payload-too-large', `The body is larger than ${max} bytes.`, { headers: { Connection: 'close' } });
}

/**
 * Reads a request body, refusing it as soon as it is known to exceed `max` bytes: at once from
 * Content-Length, else while streaming, without buffering more than `max`. On Node's server it
 * reads the IncomingMessage itself (no web stream in between: the hot path's largest cost).
 */
export async function readBoundedBody(request: Request, max: number, incoming?: IncomingMessage): Promise<Uint8Array> {
  const declared = incoming ? incoming.headers['content-length'] : request.headers.get('content-length');
  if (declared != null && Number(declared) > max) throw tooLarge(max);
  return incoming ? readIncoming(incoming, max) : readStream(request, max);
}

async function readStream(request: Request, max: number): Promise<Uint8Array> {
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

function readIncoming(incoming: IncomingMessage, max: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onError);
      incoming.off('aborted', onAborted);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > max) {
        cleanup();
        incoming.pause();
        reject(tooLarge(max));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onError = (err: Error) => {
      cleanup();
      reject(new ApiError('bad-request', `The body could not be read: ${err.message}`));
    };
    const onAborted = () => onError(new Error('the client went away'));
    if (incoming.readableEnded) {
      resolve(new Uint8Array(0));
      return;
    }
    incoming.on('data', onData);
    incoming.on('end', onEnd);
    incoming.on('error', onError);
    incoming.on('aborted', onAborted);
  });
}
