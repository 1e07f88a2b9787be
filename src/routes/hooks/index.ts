import { HookCache } from '../../inbound/hook-cache.ts';
import { openApiApp } from '../common.ts';
import { registerAcceptCall } from './accept-call.ts';
import { registerMetaHandshake } from './meta-handshake.ts';
import { RejectionLog } from './rejection-log.ts';

/** The inbound API: `POST /hooks/{webhookId}`, the URL a webhook block gives its callers. */
export function hookRoutes() {
  const app = openApiApp();
  registerAcceptCall(app, new HookCache(), new RejectionLog());
  registerMetaHandshake(app);
  return app;
}
