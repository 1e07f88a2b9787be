import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from './env.ts';
import { ApiError } from './errors.ts';

/**
 * The admin API's body limit (HOOKGATE_ADMIN_MAX_BODY_BYTES), enforced while reading: a declared
 * Content-Length over it is refused before a byte is read, a chunked body as soon as it passes it.
 * The connection is closed, since the rest of the body is not read.
 */
export function adminBodyLimit(maxBytes: number): MiddlewareHandler<AppEnv> {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new ApiError('payload-too-large', `The body is larger than ${maxBytes} bytes.`, { headers: { Connection: 'close' } });
    },
  }) as MiddlewareHandler<AppEnv>;
}
