import { ApiError } from '../../http/errors.ts';
import type { Services } from '../../services.ts';
import type { Subscription } from '../../store/subscriptions.ts';

/** Saves an edit unless the subscription changed since it was read (409: the caller retries on fresh data). */
export async function saveSubscription(services: Services, updated: Subscription, readUpdatedAt: string): Promise<void> {
  if (!(await services.subscriptions.updateSubscription(updated, readUpdatedAt))) {
    throw new ApiError(
      'conflict',
      'The subscription changed while this request was handled (another edit, a rotation, or a worker disabling it); send it again.',
    );
  }
}
