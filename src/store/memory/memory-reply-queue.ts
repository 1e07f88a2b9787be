import { Waiters } from '../waiters.ts';
import { leaseIdFor, newLeasePrefix } from '../reply-claims.ts';
import type { ReplyLease, ReplyQueue, ReplyQueueDepth, SettleRequest } from '../store.ts';
import { signalEvents, type MemoryState } from './memory-state.ts';

/** The reply queue in process memory, with the same lanes, leases and scheduler as on Redis. */
export class MemoryReplyQueue implements ReplyQueue {
  private readonly state: MemoryState;

  constructor(state: MemoryState) {
    this.state = state;
  }

  async claimBots(now: number, limit: number, leaseMs: number): Promise<{ botId: string; lease: number }[]> {
    const due = [...this.state.schedule.entries()]
      .filter(([, at]) => at <= now)
      .sort((a, b) => a[1] - b[1])
      .slice(0, limit);
    return due.map(([botId]) => {
      const lease = now + leaseMs + 0.5;
      this.state.schedule.set(botId, lease);
      return { botId, lease };
    });
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
      out.push({ botId, lane, leaseId, message: structuredClone(message) });
    }
    return out;
  }

  async settle(lease: ReplyLease, request: SettleRequest, now: number): Promise<boolean> {
    const data = this.state.bots.get(lease.botId);
    const queue = data?.lanes.get(lease.lane);
    if (!data || !queue || data.leases.get(lease.lane) !== lease.leaseId || queue[0] !== request.message.id) return false;
    data.messages.set(request.message.id, structuredClone(request.message));
    data.leases.delete(lease.lane);
    if (request.outcome === 'done') {
      queue.shift();
      if (queue.length > 0) data.due.set(lease.lane, now);
      else {
        data.due.delete(lease.lane);
        data.lanes.delete(lease.lane);
      }
    } else {
      data.due.set(lease.lane, request.retryAt ?? now);
    }
    for (const event of request.events) data.events.append(structuredClone(event));
    if (request.events.length) signalEvents(this.state, lease.botId, now);
    return true;
  }

  async releaseBot(botId: string, lease: number): Promise<void> {
    const data = this.state.bots.get(botId);
    const next = data && data.due.size > 0 ? Math.min(...data.due.values()) : null;
    const current = this.state.schedule.get(botId);
    if (current === lease) {
      if (next === null) this.state.schedule.delete(botId);
      else this.state.schedule.set(botId, next);
    } else if (next !== null && (current === undefined || next < current)) {
      // New work or another pass changed the time: only ever move it earlier (as Redis's ZADD LT).
      this.state.schedule.set(botId, next);
    }
  }

  async depth(now: number): Promise<ReplyQueueDepth> {
    const times = [...this.state.schedule.values()];
    return { scheduledBots: times.length, dueBots: times.filter((at) => at <= now).length };
  }

  async reconcile(now: number): Promise<number> {
    let scheduled = 0;
    for (const [botId, data] of this.state.bots) {
      if (data.due.size === 0) continue;
      const next = Math.min(Math.min(...data.due.values()), now);
      const current = this.state.schedule.get(botId);
      if (current === undefined || next < current) this.state.schedule.set(botId, next);
      scheduled += 1;
    }
    return scheduled;
  }

  async waitForWork(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    await new Waiters(this.state.wake).wait(timeoutMs, signal);
  }
}
