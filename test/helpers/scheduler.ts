import { newId } from '../../src/lib/ids.ts';
import { DEFAULT_SCHEDULER_PARTITIONS, partitionOf } from '../../src/scheduling/partitions.ts';

/** `count` new bot ids whose scheduler partition (of `partitions`, the default count unless given) is `partition`. */
export function botsIn(partition: number, count: number, partitions = DEFAULT_SCHEDULER_PARTITIONS): string[] {
  const out: string[] = [];
  while (out.length < count) {
    const id = newId('bot');
    if (partitionOf(id, partitions) === partition) out.push(id);
  }
  return out;
}
