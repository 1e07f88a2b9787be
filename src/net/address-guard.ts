import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Addresses an outbound request must not reach unless private networks are allowed. Classified by
 * ipaddr.js's maintained table of special-purpose ranges (IANA registries): only global unicast
 * passes. IPv6 forms that carry an IPv4 address are judged by it or refused outright:
 *
 * - IPv4-mapped `::ffff:a.b.c.d`, SIIT `::ffff:0:a.b.c.d` and well-known NAT64 `64:ff9b::/96`: by
 *   the IPv4 address they carry;
 * - IPv4-compatible `::/96` (`[::10.0.0.1]`, `[::a9fe:a9fe]`; deprecated, and `::1`, `::` in it),
 *   local-use NAT64 `64:ff9b:1::/48` (translates into the operator's own network), 6to4
 *   `2002::/16` and Teredo `2001::/32` (tunnels to whatever IPv4 address they embed): refused.
 */
export function isBlockedAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  // node:net's strict check first: ipaddr.js also reads shorthand IPv4 forms (`0x7f.1`) that are not addresses here.
  const family = isIP(bare);
  if (family === 0) return true; // not an IP address at all: refuse rather than guess
  if (family === 4) return (ipaddr.parse(bare) as ipaddr.IPv4).range() !== 'unicast';
  // The URL standard's serialisation first: ipaddr.js reads a dotted tail after `::` (`::8.8.8.8`) as IPv4-mapped.
  const v6 = ipaddr.parse(new URL(`http://[${bare}]/`).hostname.slice(1, -1)) as ipaddr.IPv6;
  const parts = v6.parts;
  const range = v6.range();
  if (range === 'ipv4Mapped' || range === 'rfc6145') return isBlockedIPv4(parts[6]!, parts[7]!);
  if (range === 'rfc6052') {
    const wellKnown = parts[2] === 0 && parts[3] === 0 && parts[4] === 0 && parts[5] === 0;
    return wellKnown ? isBlockedIPv4(parts[6]!, parts[7]!) : true;
  }
  if (parts.slice(0, 6).every((p) => p === 0)) return true; // ::/96, IPv4-compatible (also :: and ::1)
  return range !== 'unicast';
}

function isBlockedIPv4(hi: number, lo: number): boolean {
  return new ipaddr.IPv4([hi >> 8, hi & 255, lo >> 8, lo & 255]).range() !== 'unicast';
}
