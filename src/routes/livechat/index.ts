import { type OpenApiApp, openApiApp } from '../common.ts';
import { registerLiveChatPreflight } from './cors.ts';
import { registerLiveChatStream } from './stream.ts';

/** The widget side of live chat: authenticated by its own per-contact token, not the admin JWT. */
export function liveChatStreamRoutes(): OpenApiApp {
  const app = openApiApp();
  registerLiveChatStream(app);
  registerLiveChatPreflight(app);
  return app;
}
