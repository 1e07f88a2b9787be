import { z } from '@hono/zod-openapi';
import { Timestamp } from '../../http/schemas.ts';

export const RevokeTokenSchema = z
  .object({
    jti: z
      .string()
      .min(1)
      .max(256)
      .openapi({ example: '6f1c0e0a-7a3b-4c55-9d0e-2b1f3c4d5e6f', description: 'The `jti` claim of the admin token to revoke' }),
  })
  .strict()
  .openapi('AdminTokenRevoke');

export const RevokedTokenSchema = z
  .object({
    jti: z.string(),
    revokedUntil: Timestamp.openapi({ description: 'Kept on the deny list until then: no token with this jti can outlive it' }),
    appliesWithinSeconds: z.number().int().openapi({ description: 'At once on this instance; on every other within this time' }),
  })
  .openapi('AdminTokenRevoked');
