import { z } from '@hono/zod-openapi';

export const HealthSchema = z.object({ status: z.enum(['ok']) }).openapi('Health');
export const ReadySchema = z.object({ status: z.enum(['ready']), store: z.enum(['redis', 'memory']) }).openapi('Ready');
