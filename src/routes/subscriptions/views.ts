import { maskQuery, setNames } from '../../events/sealed-request.ts';
import { isoTime } from '../../lib/clock.ts';
import type { Delivery, Subscription } from '../../store/subscriptions.ts';

/**
 * A subscription as the API shows it: when a rotated-out secret stops signing, how many of its
 * deliveries went to the dead letter, never a secret itself, nor a header or query value.
 */
export function subscriptionView(s: Subscription, deadLettered = 0) {
  const { secrets, workspaceId: _ws, retry, sealedRequest: _sealed, url, headers, params, ...rest } = s;
  return {
    ...rest,
    description: s.description ?? null,
    // Write-only: names and `set: true`, the URL's query values masked (also for records stored in clear).
    url: maskQuery(url),
    headers: setNames(headers),
    params: setNames(params),
    ordering: s.ordering ?? 'unordered',
    retry: { maxAttempts: retry.scheduleSeconds.length + 1, scheduleSeconds: retry.scheduleSeconds },
    deadLettered,
    secretRotation: secrets.previous ? { previousSecretExpiresAt: isoTime(secrets.previous.expiresAt) } : null,
  };
}

export function deliveryView(d: Delivery) {
  const { botId: _bot, event, lane: _lane, ...rest } = d;
  const { id, type, environment, createdAt, data } = event;
  return { ...rest, event: { id, type, environment, createdAt, data } };
}
