import { checkRequestTemplate } from '../../events/request-template.ts';
import { ApiError, type FieldError } from '../../http/errors.ts';
import { HttpRequestError } from '../../net/http-client.ts';
import type { Services } from '../../services.ts';
import type { Subscription } from '../../store/subscriptions.ts';

type RetryInput = { maxAttempts?: number | undefined; scheduleSeconds?: number[] | undefined } | undefined;

/** The retry schedule from `{ maxAttempts, scheduleSeconds }`, either or both given. */
export function retrySchedule(services: Services, retry: RetryInput): number[] {
  const schedule = retry?.scheduleSeconds ?? services.config.retryScheduleSeconds;
  if (retry?.maxAttempts === undefined) return schedule;
  const retries = retry.maxAttempts - 1;
  if (retries <= schedule.length) return schedule.slice(0, retries);
  if (retry.scheduleSeconds) {
    throw new ApiError('validation', 'maxAttempts asks for more retries than scheduleSeconds lists.', {
      errors: [{ path: '/retry/maxAttempts', message: `at most ${schedule.length + 1} with this schedule` }],
    });
  }
  // More attempts than the default schedule: repeat its last delay.
  return [...schedule, ...Array.from({ length: retries - schedule.length }, () => schedule.at(-1) ?? 60)];
}

/**
 * Destination and template checks that need the service: a literal private address is refused now,
 * and so is a plain-http URL when `requireHttps` is on (every subscription receives production
 * events). A URL kept from before (`urlGiven` false) is not judged again: the subscription stays editable.
 */
export function checkDestination(
  services: Services,
  s: Pick<Subscription, 'url' | 'method' | 'headers' | 'params' | 'body'>,
  { urlGiven }: { urlGiven: boolean },
): void {
  const errors: FieldError[] = [...checkRequestTemplate(s)];
  if (urlGiven && services.config.requireHttps && !/^https:\/\//i.test(s.url)) {
    errors.push({
      path: '/url',
      message: 'must be an https URL: production events are sent only over TLS (HOOKGATE_REQUIRE_HTTPS)',
    });
  }
  try {
    services.http.checkUrl(s.url.replace(/\{\{[^}]*\}\}/g, 'x'));
  } catch (err) {
    if (!(err instanceof HttpRequestError)) throw err;
    const blocked = err.code === 'blocked_destination';
    errors.push({ path: '/url', message: blocked ? `${err.message}; set HOOKGATE_ALLOW_PRIVATE_NETWORK=true to allow it` : err.message });
  }
  if (errors.length) throw new ApiError('validation', 'The subscription cannot be delivered as given.', { errors });
}
