import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePools, getPool } from '@/lib/db/connection';
import { checkCron, latestSlot, nextRuns } from './cronSchedule';
import { setDatasetSchedule } from './datasetSchedule';
import { enqueueDueSchedules } from './enqueueDueSchedules';

const previousTz = process.env.PORTRAIT_TZ;
beforeAll(() => {
  process.env.PORTRAIT_TZ = 'UTC';
});
afterAll(async () => {
  if (previousTz === undefined) delete process.env.PORTRAIT_TZ;
  else process.env.PORTRAIT_TZ = previousTz;
  await closePools();
});

describe('cron expressions', () => {
  it('accepts five fields and normalises spacing', () => {
    expect(checkCron(' 0  3 * * * ')).toEqual({ ok: true, expression: '0 3 * * *' });
    expect(checkCron('*/15 8-18 * * 1-5')).toEqual({ ok: true, expression: '*/15 8-18 * * 1-5' });
  });

  it('rejects a wrong field count or an out-of-range value with a reason', () => {
    const four = checkCron('0 3 * *');
    expect(four.ok).toBe(false);
    expect(!four.ok && four.error).toMatch(/has 4 fields; a schedule needs 5/);
    const six = checkCron('0 0 3 * * *');
    expect(!six.ok && six.error).toMatch(/has 6 fields/);
    const range = checkCron('61 3 * * *');
    expect(!range.ok && range.error).toMatch(/not a valid schedule.*0-59/);
    expect(checkCron('').ok).toBe(false);
  });

  it('finds the latest slot at or before now and the next ones after', () => {
    expect(latestSlot('0 3 * * *', new Date('2026-03-10T03:00:00Z')).toISOString()).toBe('2026-03-10T03:00:00.000Z');
    expect(latestSlot('0 3 * * *', new Date('2026-03-10T02:59:59Z')).toISOString()).toBe('2026-03-09T03:00:00.000Z');
    expect(nextRuns('0 3 * * *', new Date('2026-03-10T03:00:00Z'), 2).map((date) => date.toISOString())).toEqual([
      '2026-03-11T03:00:00.000Z',
      '2026-03-12T03:00:00.000Z',
    ]);
  });
});

describe('scheduled retrains', () => {
  let datasetId: number;

  beforeAll(async () => {
    await getPool().query('UPDATE datasets SET schedule = NULL');
    const { rows } = await getPool().query<{ id: number }>('INSERT INTO datasets (name) VALUES ($1) RETURNING id', [
      `scheduled-${process.pid}`,
    ]);
    datasetId = rows[0].id;
  });

  async function trainJobs() {
    const { rows } = await getPool().query<{ id: number; status: string; created_by: string; slot: string }>(
      `SELECT id, status, created_by, payload->>'scheduleSlot' AS slot FROM jobs WHERE dataset_id = $1 AND type = 'train' ORDER BY id`,
      [datasetId],
    );
    return rows;
  }

  it('validates and stores a schedule, and records the change in the audit log', async () => {
    await expect(setDatasetSchedule('admin@example.com', datasetId, 'every night')).rejects.toThrow(/has 2 fields/);
    const saved = await setDatasetSchedule('admin@example.com', datasetId, '0 3 * * *');
    expect(saved.cron).toBe('0 3 * * *');
    expect(saved.timeZone).toBe('UTC');
    expect(saved.nextRuns).toHaveLength(3);
    expect(saved.nextRuns.every((run) => run.endsWith('T03:00:00.000Z'))).toBe(true);
    const audit = await getPool().query(`SELECT actor, action, detail FROM audit_log WHERE target = $1 ORDER BY id`, [
      `dataset:${datasetId}`,
    ]);
    expect(audit.rows).toEqual([
      { actor: 'admin@example.com', action: 'schedule.set', detail: { from: null, to: '0 3 * * *' } },
    ]);
  });

  it('queues one job per slot however many workers check at once, and none outside the window', async () => {
    const windowMs = 5 * 60_000;
    expect(await enqueueDueSchedules(new Date('2026-03-10T02:58:00Z'), windowMs)).toEqual([]);
    expect(await trainJobs()).toEqual([]);

    const at = new Date('2026-03-10T03:00:40Z');
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => enqueueDueSchedules(at, windowMs)));
    const mine = outcomes.flat().filter((outcome) => outcome.datasetId === datasetId);
    expect(mine.filter((outcome) => outcome.outcome === 'queued')).toHaveLength(1);
    expect(mine.filter((outcome) => outcome.outcome === 'slot_taken')).toHaveLength(4);
    expect(await trainJobs()).toEqual([
      { id: expect.any(Number), status: 'queued', created_by: 'schedule', slot: '2026-03-10T03:00:00.000Z' },
    ]);

    // the slot stays taken after its job has finished
    await getPool().query(`UPDATE jobs SET status = 'succeeded' WHERE dataset_id = $1`, [datasetId]);
    const later = await enqueueDueSchedules(new Date('2026-03-10T03:02:00Z'), windowMs);
    expect(later.find((outcome) => outcome.datasetId === datasetId)?.outcome).toBe('slot_taken');
    expect(await enqueueDueSchedules(new Date('2026-03-10T03:30:00Z'), windowMs)).toEqual([]);
    expect(await trainJobs()).toHaveLength(1);
  });

  it('does not pile a scheduled retrain on one that is still queued or running', async () => {
    const { rows } = await getPool().query<{ id: number }>(
      `INSERT INTO jobs (type, dataset_id, status, created_by) VALUES ('train', $1, 'running', 'someone') RETURNING id`,
      [datasetId],
    );
    const outcomes = await enqueueDueSchedules(new Date('2026-03-11T03:00:10Z'), 5 * 60_000);
    expect(outcomes.find((outcome) => outcome.datasetId === datasetId)).toMatchObject({
      outcome: 'active',
      job: { id: rows[0].id },
    });
    await getPool().query(`UPDATE jobs SET status = 'succeeded' WHERE id = $1`, [rows[0].id]);
    const cleared = await setDatasetSchedule('admin@example.com', datasetId, null);
    expect(cleared).toMatchObject({ cron: null, nextRuns: [] });
    expect(await enqueueDueSchedules(new Date('2026-03-12T03:00:10Z'), 5 * 60_000)).toEqual([]);
  });
});
