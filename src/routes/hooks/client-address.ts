import { BlockList, isIPv4 } from 'node:net';
import type { Context } from 'hono';
import type { AppEnv } from '../../http/env.ts';

const lists = new WeakMap<readonly string[], BlockList>();

/** The peer address of the connection (no proxy header is trusted), IPv4-mapped IPv6 as IPv4; null when unknown. */
export function clientAddress(c: Context<AppEnv>): string | null {
  const address = c.env?.incoming?.socket?.remoteAddress;
  if (!address) return null;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : null;
  return v4 !== null && isIPv4(v4) ? v4 : address;
}

/** Whether `address` is in one of the CIDR ranges; the compiled list is kept per (immutable) config array. */
export function addressAllowed(ranges: readonly string[], address: string | null): boolean {
  if (address === null) return false;
  let list = lists.get(ranges);
  if (!list) {
    list = new BlockList();
    for (const range of ranges) {
      const [net, bits] = range.split('/') as [string, string | undefined];
      const type = isIPv4(net) ? 'ipv4' : 'ipv6';
      list.addSubnet(net, bits === undefined ? (type === 'ipv4' ? 32 : 128) : Number(bits), type);
    }
    lists.set(ranges, list);
  }
  return list.check(address, isIPv4(address) ? 'ipv4' : 'ipv6');
}
