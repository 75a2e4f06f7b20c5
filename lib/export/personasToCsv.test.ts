import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { exportOf, persona } from '@/test/fixtures/personaExport';
import { personasToCsv } from './personasToCsv';

function rows(csv: string): Record<string, string>[] {
  return parse(csv, { columns: true, bom: true });
}

describe('personasToCsv', () => {
  it('says how many weeks the activity column holds when the data spans fewer than 12', () => {
    const short = { ...persona('Weekend shoppers', ['sofa']), activity: [0.5, 1.25, 2] };
    const [row] = rows(personasToCsv(exportOf([short])));
    expect(row.events_per_user_per_week_last_12_weeks).toBe('0.5 1.25 2');
    expect(row.activity_weeks).toBe('3');
    const [full] = rows(personasToCsv(exportOf([persona('Regulars', ['lamp'])])));
    expect(full.activity_weeks).toBe('12');
  });
});
