/** The webhook block's sender-facing fields: `verification`, `allowedIps`, `batch`, `response`. */
import { isIPv4, isIPv6 } from 'node:net';
import { z } from '@hono/zod-openapi';
import { VERIFICATION_SCHEMES } from '../../domain/types.ts';
import { validateTemplate } from '../../inbound/render.ts';

const headerName = z.string().regex(/^[A-Za-z0-9-]{1,100}$/, 'must be an HTTP header name');

export const VerificationInputSchema = z
  .object({
    scheme: z.enum(VERIFICATION_SCHEMES).default('bearer').openapi({ description: 'How the sender proves who it is; see the README' }),
    secret: z
      .string()
      .min(8)
      .max(512)
      .optional()
      .openapi({
        description:
          'Write-only. The signing secret, app secret, auth token, password (`basic`) or secret token (`telegram`). Omitted: kept ' +
          'when the scheme is unchanged, else generated for `standard-webhooks`, `hmac`, `basic`, `telegram` and returned once. A new ' +
          'one keeps the previous one valid for 24 hours.',
      }),
    rotateSecret: z
      .boolean()
      .optional()
      .openapi({ description: 'Generate a new secret (returned once); the previous one stays valid 24 h' }),
    username: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[^:]*$/, 'must not contain ":"')
      .optional()
      .openapi({ description: '`basic` only' }),
    verifyToken: z
      .string()
      .min(1)
      .max(512)
      .optional()
      .openapi({ description: 'Write-only, `meta` only: the verify token of the GET handshake (generated and returned once if omitted)' }),
    toleranceSeconds: z.number().int().min(1).max(3600).optional().openapi({ description: 'Timestamp tolerance; default 300' }),
    header: headerName.optional().openapi({ description: '`hmac`: the signature header', example: 'X-Signature' }),
    algorithm: z.enum(['sha1', 'sha256', 'sha512']).optional().openapi({ description: '`hmac`; default sha256' }),
    encoding: z.enum(['hex', 'base64']).optional().openapi({ description: '`hmac`; default hex' }),
    prefix: z.string().max(50).optional().openapi({ description: '`hmac`: text before the signature', example: 'sha256=' }),
    timestampHeader: headerName.optional().openapi({ description: '`hmac`: header holding a Unix timestamp' }),
    signedPayload: z
      .string()
      .max(200)
      .regex(/\{body\}/, 'must contain {body}')
      .optional()
      .openapi({ description: '`hmac`: what is signed, `{timestamp}` and `{body}`', example: '{timestamp}.{body}' }),
  })
  .strict()
  .openapi('VerificationInput');

export const VerificationViewSchema = z
  .object({
    scheme: z.enum(VERIFICATION_SCHEMES),
    secretSet: z.boolean().openapi({ description: 'Whether a secret is stored (it is never shown again)' }),
    secret: z.string().optional().openapi({ description: 'Only in the response that generated it' }),
    verifyToken: z.string().optional().openapi({ description: 'Only in the response that generated it (`meta`)' }),
    username: z.string().optional(),
    toleranceSeconds: z.number().int().optional(),
    header: z.string().optional(),
    algorithm: z.string().optional(),
    encoding: z.string().optional(),
    prefix: z.string().optional(),
    timestampHeader: z.string().optional(),
    signedPayload: z.string().optional(),
    developmentMarker: z
      .string()
      .optional()
      .openapi({ description: 'Add this to the URL for a development call', example: '?env=development' }),
  })
  .openapi('Verification');

function validCidr(text: string): boolean {
  const [address, bits, extra] = text.split('/');
  if (extra !== undefined || address === undefined) return false;
  const max = isIPv4(address) ? 32 : isIPv6(address) ? 128 : 0;
  if (max === 0) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= max);
}

export const AllowedIpsSchema = z
  .array(z.string().refine(validCidr, 'must be an IP address or CIDR range'))
  .min(1)
  .max(100)
  .openapi({
    description: 'Callers must come from one of these (CIDR); others get 403 before anything is read',
    example: ['192.0.2.0/24'],
  });

export const BatchSchema = z.boolean().openapi({ description: 'A JSON array body is up to 100 calls, answered with one result list' });

export const SyncResponseSchema = z
  .object({
    status: z.number().int().min(200).max(299).default(202),
    contentType: z.enum(['application/json', 'text/plain']).default('application/json'),
    body: z
      .string()
      .max(4096)
      .superRefine((text, ctx) => {
        const problem = validateTemplate(text);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .openapi({ description: 'Template over the variables and `sys_request_id`, `sys_contact_reference_id`', example: '{"ok":true}' }),
  })
  .strict()
  .openapi('SyncResponse', { description: 'The answer to the caller instead of the default 202 body' });
