import { hash } from 'node:crypto';

/** Files and requests name a few event types: the cache stays small unless a hostile file names millions. */
const maxCachedTypes = 10_000;
const keys = new Map<string, Buffer>();

/**
 * An event's type_key, as the 8 big-endian bytes COPY's binary format takes for a bigint: the
 * first 8 bytes of md5(type). Equal to SQL's event_type_key(type) (migration
 * 20261207050000_event_type_key), which queries use to find a type's events.
 */
// most rows have the type of the row before
let lastType = '';
let lastKey: Buffer | undefined;

export function eventTypeKeyBytes(type: string): Buffer {
  if (type === lastType && lastKey !== undefined) return lastKey;
  let key = keys.get(type);
  if (key === undefined) {
    if (keys.size >= maxCachedTypes) keys.clear();
    key = hash('md5', type, 'buffer').subarray(0, 8);
    keys.set(type, key);
  }
  lastType = type;
  lastKey = key;
  return key;
}
