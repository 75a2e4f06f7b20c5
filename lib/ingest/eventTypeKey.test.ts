import { describe, expect, it } from 'vitest';
import { getPool } from '@/lib/db/connection';
import { eventTypeKeyBytes } from './eventTypeKey';

describe('eventTypeKeyBytes', () => {
  it("is the key SQL's event_type_key gives the same type, for any text a type may hold", async () => {
    const types = ['view', 'purchase', 'add_to_cart', '购买', 'café ☕', 'a'.repeat(512), ''];
    const { rows } = await getPool().query<{ key: string }>(
      'SELECT event_type_key(t)::text AS key FROM unnest($1::text[]) WITH ORDINALITY AS x(t, n) ORDER BY n',
      [types],
    );
    expect(types.map((type) => eventTypeKeyBytes(type).readBigInt64BE().toString())).toEqual(
      rows.map((row) => row.key),
    );
  });

  it('gives different types different keys and a type the same key each time', () => {
    const view = eventTypeKeyBytes('view');
    expect(eventTypeKeyBytes('view').equals(view)).toBe(true);
    expect(eventTypeKeyBytes('views').equals(view)).toBe(false);
  });
});
