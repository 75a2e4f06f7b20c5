import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { eventTypeKeyBytes } from '@/lib/ingest/eventTypeKey';
import { getPool } from './connection';
import { applyMigrations, dropDatabase, ensureDatabase, migrationsDir } from './migrate';

const typeKeyMigration = '20261207050000_event_type_key';

describe('applyMigrations', () => {
  it('records every committed migration in _prisma_migrations and applies nothing twice', async () => {
    const again = await applyMigrations(process.env.DATABASE_URL as string);
    expect(again.applied).toEqual([]);
    const { rows } = await getPool().query('SELECT migration_name, checksum FROM "_prisma_migrations"');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0].checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives the events stored before it their type_key, the type-led indexes that key and the unique (user_id, ts, fingerprint)', async () => {
    const serverUrl = process.env.DATABASE_URL as string;
    const name = `portrait_migrate_${process.pid}`;
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const before = await mkdtemp(path.join(os.tmpdir(), 'portrait-migrations-'));
    const all = (await readdir(migrationsDir)).filter((entry) => /^\d{14}_/.test(entry)).sort();
    const keyed = all.indexOf(typeKeyMigration);
    expect(keyed).toBeGreaterThan(0);
    for (const entry of all.slice(0, keyed))
      await cp(path.join(migrationsDir, entry), path.join(before, entry), { recursive: true });
    await ensureDatabase(serverUrl, name);
    const client = new pg.Client({ connectionString: url.toString() });
    try {
      await applyMigrations(url.toString(), before);
      await client.connect();
      await client.query(`INSERT INTO datasets (id, name) VALUES (1, 'partitioned'), (2, 'default')`);
      await client.query(
        `CREATE TABLE events_d1 (LIKE events INCLUDING DEFAULTS, CONSTRAINT events_d1_dataset CHECK (dataset_id = 1))`,
      );
      await client.query('ALTER TABLE events_d1 ADD CONSTRAINT events_d1_pkey PRIMARY KEY (fingerprint)');
      await client.query('CREATE INDEX events_d1_user_ts ON events_d1 (user_id, ts)');
      await client.query('CREATE INDEX events_d1_type_ts ON events_d1 (type, ts, user_id, value)');
      await client.query('ALTER TABLE events ATTACH PARTITION events_d1 FOR VALUES IN (1)');
      await client.query(
        `INSERT INTO events (dataset_id, fingerprint, user_id, type, ts)
         SELECT d, gen_random_uuid(), 'u1', t, now() FROM unnest(ARRAY[1, 2]) d, unnest(ARRAY['view', '购买']) t`,
      );
      await applyMigrations(url.toString());
      const { rows } = await client.query<{ dataset_id: number; type: string; type_key: string }>(
        'SELECT dataset_id, type, type_key::text FROM events ORDER BY dataset_id, type',
      );
      expect(rows).toHaveLength(4);
      for (const row of rows) expect(row.type_key).toBe(eventTypeKeyBytes(row.type).readBigInt64BE().toString());
      const indexes = await client.query<{ indexname: string; indexdef: string }>(
        `SELECT indexname, indexdef FROM pg_indexes WHERE indexname IN ('events_d1_type_ts', 'events_default_type_ts') ORDER BY 1`,
      );
      expect(indexes.rows.map((row) => row.indexdef.replace(/.* USING btree /, ''))).toEqual([
        '(type_key, ts, user_id, value)',
        '(dataset_id, type_key, ts, user_id, value)',
      ]);
      const unique = await client.query<{ indexname: string; indexdef: string }>(
        `SELECT indexname, indexdef FROM pg_indexes WHERE indexname IN ('events_d1_user_ts', 'events_default_user_ts') ORDER BY 1`,
      );
      expect(unique.rows.map((row) => row.indexdef.replace(/ ON .* USING btree /, ' '))).toEqual([
        'CREATE UNIQUE INDEX events_d1_user_ts (user_id, ts, fingerprint)',
        'CREATE UNIQUE INDEX events_default_user_ts (dataset_id, user_id, ts, fingerprint)',
      ]);
      const primaryKeys = await client.query(
        `SELECT conname FROM pg_constraint WHERE contype = 'p' AND conrelid IN ('events_d1'::regclass, 'events_default'::regclass)`,
      );
      expect(primaryKeys.rows).toEqual([]);
      for (const dataset of [1, 2]) {
        const copy = client.query(
          `INSERT INTO events (dataset_id, fingerprint, user_id, type, ts, type_key)
           SELECT dataset_id, fingerprint, user_id, type, ts, type_key FROM events WHERE dataset_id = $1 LIMIT 1`,
          [dataset],
        );
        await expect(copy).rejects.toMatchObject({ code: '23505' });
      }
      const options = await client.query<{ reloptions: string[] | null }>(
        `SELECT reloptions FROM pg_class WHERE relname = 'events_d1'`,
      );
      expect(options.rows[0].reloptions).toEqual(['vacuum_truncate=false']);
    } finally {
      await client.end();
      await dropDatabase(serverUrl, name);
      await rm(before, { recursive: true, force: true });
    }
  });
});
