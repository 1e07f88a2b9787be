/**
 * The Redis backend's Lua scripts keep one layout (as BullMQ's do): one file per script under
 * src/store/redis/lua named `<name>-<numkeys>.lua`, opening by naming every key it is given, and
 * registered once in src/store/redis/scripts.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const dir = new URL('../../src/store/redis/lua/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.lua'));
const registry = readFileSync(new URL('../../src/store/redis/scripts.ts', import.meta.url), 'utf8');

describe('the Redis Lua scripts', () => {
  it.each(files)('%s names its keys and arguments into locals, reads KEYS nowhere else, and is registered once', (file) => {
    const match = /^[a-z]+(-[a-z]+)*-(\d+)\.lua$/.exec(file);
    expect(match, 'named <name>-<numkeys>.lua').not.toBeNull();
    const numKeys = Number(match![2]);
    const source = readFileSync(new URL(file, dir), 'utf8');
    const named = [...source.matchAll(/^local \w+ = KEYS\[(\d+)\]/gm)].map((m) => Number(m[1]));
    expect(named).toEqual(Array.from({ length: numKeys }, (_, i) => i + 1));
    expect(source.match(/KEYS\[/g)).toHaveLength(numKeys);
    // Fixed arguments are read by number once, into a named local; only variadic tails loop over ARGV.
    const byNumber = source.split('\n').filter((line) => /ARGV\[\d+\]/.test(line));
    for (const line of byNumber) expect(line).toMatch(/^local \w+ = (tonumber\()?ARGV\[\d+\]\)?(\s+--.*)?$/);
    expect(registry.split(`'${file}'`)).toHaveLength(2);
  });
});
