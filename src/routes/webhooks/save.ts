import type { WebhookBlock } from '../../domain/types.ts';
import { ApiError } from '../../http/errors.ts';
import type { Services } from '../../services.ts';

/** Saves an edit unless the block changed since it was read (409: the caller retries on fresh data). */
export async function saveWebhook(services: Services, updated: WebhookBlock, readUpdatedAt: string): Promise<void> {
  if (!(await services.store.updateWebhook(updated, readUpdatedAt))) {
    throw new ApiError('conflict', 'The webhook changed while this request was handled (another edit or a token rotation); send it again.');
  }
}
