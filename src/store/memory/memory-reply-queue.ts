import type { BotDue, Schedulers } from '../../scheduling/bot-scheduler.ts';
import { ScheduledBots } from '../../scheduling/scheduled-bots.ts';
import { leaseIdFor, newLeasePrefix } from '../reply-claims.ts';
import type { ReplyLease, ReplyQueue, Settlement, SettleRequest } from '../store.ts';
import { appendReplyChange } from './memory-activity.ts';
import { hasSubscriptions, type MemoryState } from './memory-state.ts';

/** The reply queue in process memory, with the same lanes, leases and scheduling as on Redis. */
export class MemoryReplyQueue extends ScheduledBots implements ReplyQueue {
  private readonly state: MemoryState;
  private readonly schedulers: Schedulers;

  private readonly activityLimit: number;

  constructor(state: MemoryState, schedulers: Schedulers, activityLimit = 1000) {
    super(schedulers.replies);
    this.state = state;
    this.schedulers = schedulers;
    this.activityLimit = activityLimit;
  }

  async claimLanes(botId: string, now: number, limit: number, leaseMs: number): Promise<ReplyLease[]> {
    const data = this.state.bots.get(botId);
    if (!data) return [];
    const lanes = [...data.due.entries()]
      .filter(([, at]) => at <= now)
      .sort((a, b) => a[1] - b[1])
      .slice(0, limit);
    const prefix = newLeasePrefix();
    const out: ReplyLease[] = [];
    for (const [lane] of lanes) {
      const queue = data.lanes.get(lane) ?? [];
      const message = queue[0] ? data.messages.get(queue[0]) : undefined;
      if (!message) {
        if (queue.length) queue.shift();
        if (queue.length === 0) {
          data.lanes.delete(lane);
          data.due.delete(lane);
        }
        continue;
      }
      const leaseId = leaseIdFor(prefix, message.id);
      data.due.set(lane, now + leaseMs);
      data.leases.set(lane, leaseId);
      const account = data.channels.get(message.accountId);
      out.push({ botId, lane, leaseId, message: structuredClone(message), account: account ? structuredClone(account) : null });
      appendReplyChange(data, this.activityLimit, message, 'sending');
    }
    return out;
  }

  async settle(lease: ReplyLease, request: SettleRequest, now: number): Promise<Settlement> {
    const data = this.state.bots.get(lease.botId);
    const queue = data?.lanes.get(lease.lane);
    if (!data || !queue || data.leases.get(lease.lane) !== lease.leaseId || queue[0] !== request.message.id) {
      return { settled: false, laneDueNow: false };
    }
    let laneDueNow = false;
    data.messages.set(request.message.id, structuredClone(request.message));
    appendReplyChange(data, this.activityLimit, request.message);
    data.leases.delete(lease.lane);
    if (request.outcome === 'done') {
      queue.shift();
      laneDueNow = queue.length > 0;
      if (laneDueNow) data.due.set(lease.lane, now);
      else {
        data.due.delete(lease.lane);
        data.lanes.delete(lease.lane);
      }
    } else {
      data.due.set(lease.lane, request.retryAt ?? now);
    }
    for (const event of request.events) data.events.append(structuredClone(event));
    // As on Redis: events of a bot without subscriptions wait for the dispatcher's next look.
    const subscribed = hasSubscriptions(this.state, lease.botId);
    if (request.events.length && subscribed) await this.schedulers.signal(lease.botId, now, { events: true });
    return { settled: true, laneDueNow };
  }

  protected async nextDue(botId: string): Promise<number | null> {
    const due = this.state.bots.get(botId)?.due;
    return due && due.size > 0 ? Math.min(...due.values()) : null;
  }

  protected async *dueBots(now: number): AsyncIterable<BotDue[]> {
    const due: BotDue[] = [];
    for (const [botId, data] of this.state.bots) {
      if (data.due.size > 0) due.push({ botId, at: Math.min(Math.min(...data.due.values()), now) });
    }
    yield due;
  }
}
