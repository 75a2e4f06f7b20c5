import { describe, expect, it } from 'vitest';
import type { BatchReport, ImportResult } from '@/lib/ingest/types';
import { summarizeImport } from './importSummary';

function batch(overrides: Partial<BatchReport>): BatchReport {
  return {
    batchId: 1,
    kind: 'users',
    file: 'users.csv',
    format: 'csv',
    rowsRead: 63,
    inserted: 63,
    duplicates: 0,
    rejected: 0,
    stubsCreated: { users: 0, items: 0 },
    missing: {},
    errors: [],
    errorCount: 0,
    rejectFile: null,
    readByName: [],
    ...overrides,
  };
}

describe('summarizeImport', () => {
  it('tells users and items already in the dataset apart from those the file added', () => {
    const result = {
      ok: true,
      badLines: 0,
      batches: [
        batch({ updated: 63 }),
        batch({ kind: 'items', file: 'items.csv', rowsRead: 3, inserted: 3, updated: 1 }),
      ],
    } as unknown as ImportResult;
    expect(summarizeImport(result).out).toEqual([
      'users users.csv: 63 rows read, 0 added; 63 already there, updated',
      'items items.csv: 3 rows read, 2 added; 1 already there, updated',
    ]);
  });

  it('says only what was added when nothing was there before (and for events)', () => {
    const result = {
      ok: true,
      badLines: 0,
      batches: [batch({ updated: 0 }), batch({ kind: 'events', file: 'e.csv' })],
    };
    expect(summarizeImport(result as unknown as ImportResult).out).toEqual([
      'users users.csv: 63 rows read, 63 added',
      'events e.csv: 63 rows read, 63 added',
    ]);
  });
});
