import type { ActivityEntry, Reply } from '../../domain/types.ts';
import type { ActivityChange, PositionedEntry, RejectionResult, RejectionWrite } from '../activity.ts';
import { changeKeep } from '../activity.ts';
import type { RedisKeys } from '../redis-keys.ts';
import { guard } from './errors.ts';
import type { RedisClient } from './run-script.ts';
import { recordRejection } from './scripts.ts';

/** A Redis stream entry as sendCommand returns it: [id, [field, value, ...]]. */
type StreamEntry = [string, string[]];

/**
 * The activity log's reads and refused calls, and the webhooks' change streams, on Redis
 * (`act:<webhookId>`, `actchg:<webhookId>`, `actcap:<webhookId>` under the bot's hash tag). The
 * accepted call's entry and change are written by accept-inbound; reply changes by the reply
 * queue's claim and settle scripts (claim-lanes-3.lua, settle-lane-6.lua), in the same step.
 */
export class RedisActivity {
  private readonly client: RedisClient;
  private readonly k: RedisKeys;
  private readonly activityLimit: number;

  constructor(client: RedisClient, k: RedisKeys, activityLimit: number) {
    this.client = client;
    this.k = k;
    this.activityLimit = activityLimit;
  }

  recordRejection(w: RejectionWrite): Promise<RejectionResult> {
    return guard(async () => {
      const reply = await recordRejection(
        this.client,
        [
          this.k.activity(w.botId, w.webhookId),
          this.k.activityChanges(w.botId, w.webhookId),
          this.k.rejectionCap(w.botId, w.webhookId),
          this.k.configVersion(w.botId),
        ],
        [
          JSON.stringify(w.entry),
          w.entry.requestId,
          this.activityLimit,
          changeKeep(this.activityLimit),
          w.summary ? '1' : '0',
          w.now,
          w.summaryLimit,
          w.windowMs,
        ],
      );
      return reply[0];
    });
  }

  scan(botId: string, webhookId: string, before: string | null, count: number): Promise<PositionedEntry[]> {
    return guard(async () => {
      const end = before === null ? '+' : `(${before}`;
      const entries = (await this.client.sendCommand([
        'XREVRANGE',
        this.k.activity(botId, webhookId),
        end,
        '-',
        'COUNT',
        String(count),
      ])) as StreamEntry[];
      return entries.map(([position, fields]) => ({ position, entry: entryOf(fields) }));
    });
  }

  changes(botId: string, webhookId: string, after: string, limit: number): Promise<ActivityChange[]> {
    return guard(async () => {
      const raw = (await this.client.sendCommand([
        'XRANGE',
        this.k.activityChanges(botId, webhookId),
        `(${after}`,
        '+',
        'COUNT',
        String(limit),
      ])) as StreamEntry[];
      const changes = raw.map(([id, fields]) => ({ id, fields: fieldMap(fields) }));
      // Decisions point at their entry: read those in one pipelined round trip.
      const activityKey = this.k.activity(botId, webhookId);
      const entries = await Promise.all(
        changes.map(({ fields }) =>
          fields.p === undefined
            ? Promise.resolve(null)
            : (this.client.sendCommand(['XRANGE', activityKey, fields.p, fields.p]) as Promise<StreamEntry[]>),
        ),
      );
      return changes.map(({ id, fields }, i) => {
        const found = entries[i]?.[0];
        return {
          id,
          requestId: fields.r ?? '',
          entry: found ? entryOf(found[1]) : null,
          reply: fields.m ? replyOf(fields.m, fields.s) : null,
        };
      });
    });
  }

  lastChange(botId: string, webhookId: string): Promise<string> {
    return guard(async () => {
      const last = (await this.client.sendCommand([
        'XREVRANGE',
        this.k.activityChanges(botId, webhookId),
        '+',
        '-',
        'COUNT',
        '1',
      ])) as StreamEntry[];
      return last[0]?.[0] ?? '0-0';
    });
  }
}

function fieldMap(fields: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) out[fields[i]!] = fields[i + 1]!;
  return out;
}

/** An activity stream entry: `a` the entry, `n` (refused calls) the summaries suppressed before it. */
function entryOf(fields: string[]): ActivityEntry {
  const map = fieldMap(fields);
  const entry = JSON.parse(map.a!) as ActivityEntry;
  const suppressed = Number(map.n ?? '0');
  return suppressed > 0 ? { ...entry, suppressed } : entry;
}

function replyOf(json: string, status: string | undefined): Reply {
  const reply = JSON.parse(json) as Reply;
  return status ? { ...reply, status: status as Reply['status'] } : reply;
}
