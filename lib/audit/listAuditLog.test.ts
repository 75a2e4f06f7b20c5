import { afterAll, describe, expect, it } from 'vitest';
import { closePools, getPool } from '@/lib/db/connection';
import { listAuditLog } from './listAuditLog';
import { writeAudit } from './writeAudit';

afterAll(() => closePools());

describe('the audit log as admins read it', () => {
  it('names the dataset and account an entry is about, lists its actors and filters by actor', async () => {
    const suffix = `${process.pid}-${Date.now().toString(36)}`;
    const pool = getPool();
    const dataset = await pool.query<{ id: number }>('INSERT INTO datasets (name) VALUES ($1) RETURNING id', [
      `audit-shop-${suffix}`,
    ]);
    const account = await pool.query<{ id: number }>(
      `INSERT INTO accounts (email, password_hash, role) VALUES ($1, 'x', 'analyst') RETURNING id`,
      [`audited-${suffix}@example.com`],
    );
    const actor = `auditor-${suffix}@example.com`;
    await writeAudit(actor, 'retrain.start', `dataset:${dataset.rows[0].id}`, { jobId: 1, k: 'auto' });
    await writeAudit(actor, 'account.update', `account:${account.rows[0].id}`, { role: 'pm' });
    await writeAudit(actor, 'dataset.delete', 'dataset:999999999', {});
    await writeAudit('someone-else', 'retrain.start', `dataset:${dataset.rows[0].id}`, {});

    const page = await listAuditLog({ page: 1, pageSize: 10, actor });
    expect(page.total).toBe(3);
    expect(page.entries.map((entry) => [entry.action, entry.targetLabel])).toEqual([
      ['dataset.delete', null],
      ['account.update', `audited-${suffix}@example.com`],
      ['retrain.start', `audit-shop-${suffix}`],
    ]);
    expect(page.entries[2].detail).toEqual({ jobId: 1, k: 'auto' });
    expect(page.actors).toEqual(expect.arrayContaining([actor, 'someone-else']));

    const retrains = await listAuditLog({ page: 1, pageSize: 10, action: 'retrain', actor: 'someone-else' });
    expect(retrains.entries.map((entry) => entry.actor)).toContain('someone-else');
    expect(retrains.entries.every((entry) => entry.action.startsWith('retrain'))).toBe(true);
  });
});
