import { type OpenApiApp, openApiApp } from '../common.ts';
import { registerRevokeAdminToken } from './revoke.ts';

/** /admin-tokens: revocation of admin tokens (they are minted by `npm run token` or an identity provider). */
export function adminTokenRoutes(): OpenApiApp {
  const app = openApiApp();
  registerRevokeAdminToken(app);
  return app;
}
