import { describe, expect, it } from 'vitest';
import { auditActionLabel, auditDetailRows, auditTargetText } from '@/app/admin/auditText';

describe('audit log entries in words', () => {
  it('names known actions and keeps an unknown one as written', () => {
    expect(auditActionLabel('retrain.start')).toBe('Started a retrain');
    expect(auditActionLabel('something.new')).toBe('something.new');
  });

  it('names the target by its kind and label, and by its id once the object is gone', () => {
    expect(auditTargetText('dataset:3', 'demo')).toBe('Dataset demo (3)');
    expect(auditTargetText('account:7', null)).toBe('Account 7');
    expect(auditTargetText(null, null)).toBe('');
  });

  it('turns the detail into readable rows instead of JSON', () => {
    expect(
      auditDetailRows({ jobId: 12, textModel: false, k: 'auto', attributes: ['age', 'city'], size: { users: 1200 } }),
    ).toEqual([
      { name: 'Job id', value: '12' },
      { name: 'Text model', value: 'no' },
      { name: 'K', value: 'auto' },
      { name: 'Attributes', value: 'age, city' },
      { name: 'Size', value: 'Users: 1,200' },
    ]);
    expect(auditDetailRows({})).toEqual([]);
  });
});
