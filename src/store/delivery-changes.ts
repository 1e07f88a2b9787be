/**
 * A subscription's change stream: one change each time one of its deliveries is created or
 * changes (an attempt, a state: pending, paused, succeeded, failed, discarded), naming the
 * delivery. Live views read it after a position and show each delivery as it then stands.
 */

/** One step of a subscription's change stream. */
export interface DeliveryChange {
  /** The change's position: opaque to clients, strictly increasing, resumable. */
  id: string;
  deliveryId: string;
}

/** The change stream keeps this many changes per subscription. */
export const DELIVERY_CHANGE_KEEP = 10_000;

/** The change stream operations of the SubscriptionStore (src/store/subscriptions.ts). */
export interface DeliveryChangeStore {
  /** Changes strictly after position `after`, oldest first. */
  deliveryChanges(botId: string, subscriptionId: string, after: string, limit: number): Promise<DeliveryChange[]>;
  /** The newest change's position (`0-0` when there is none): a new reader starts after it. */
  lastDeliveryChange(botId: string, subscriptionId: string): Promise<string>;
}
