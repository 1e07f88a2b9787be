import { randomBytes } from 'node:crypto';
import type { Environment, TokenState, WebhookBlock } from '../../domain/types.ts';
import type { Services } from '../../services.ts';

/** A fresh token id for one environment; `previous` keeps the old one alive through a grace period. */
export function newTokenState(now: number, previous: TokenState['previous'] = null): TokenState {
  return { jti: randomBytes(16).toString('base64url'), issuedAt: now, previous };
}

/** The block's current production and development tokens, minted from its token state. */
export async function mintTokens(services: Services, block: WebhookBlock): Promise<Record<Environment, string>> {
  const [production, development] = await Promise.all([
    services.webhookTokens.mint(block.id, 'production', block.tokens.production),
    services.webhookTokens.mint(block.id, 'development', block.tokens.development),
  ]);
  return { production, development };
}
