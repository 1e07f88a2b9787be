/**
 * Bounded memo of a function of a string (compiled templates and paths, decrypted secrets): the
 * same inputs repeat on every call of the hot paths. Cleared when full; a promise result is cached
 * as the promise, and forgotten if it rejects.
 */
export function memo<T>(compute: (source: string) => T, max = 10_000): (source: string) => T {
  const cache = new Map<string, T>();
  return (source) => {
    let value = cache.get(source);
    if (value === undefined) {
      if (cache.size >= max) cache.clear();
      value = compute(source);
      cache.set(source, value);
      if (value instanceof Promise) value.catch(() => cache.delete(source));
    }
    return value;
  };
}
