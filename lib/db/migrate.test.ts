import { describe, expect, it } from 'vitest';
import { getPool } from './connection';
import { applyMigrations } from './migrate';

describe('applyMigrations', () => {
  it('records every committed migration in _prisma_migrations and applies nothing twice', async () => {
    const again = await applyMigrations(process.env.DATABASE_URL as string);
    expect(again.applied).toEqual([]);
    const { rows } = await getPool().query('SELECT migration_name, checksum FROM "_prisma_migrations"');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0].checksum).toMatch(/^[0-9a-f]{64}$/);
  });
});
